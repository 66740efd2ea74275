import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Either } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GO_MISSING_MESSAGE } from "../src/errors.js"
import { evaluate } from "../src/evaluate.js"
import { describePolicy, RUN_USER, sandboxPolicy, type SandboxPolicy } from "../src/sandbox.js"
import { HEADER, hasGo, noGoReason, referenceDir, survivorsOf } from "./helpers.js"

const here = path.dirname(new URL(import.meta.url).pathname)
const CODE = `${HEADER}package solution\n\nfunc F() int { return 1 }\n`
const testFile = (body: string, imports: ReadonlyArray<string>) => `${HEADER}package solution\n\nimport (\n${imports.map((i) => `\t"${i}"\n`).join("")})\n\n${body}\n`

let scratch = ""
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "llp-swe-sandbox-"))
  // Without a mount namespace the sandbox user reaches its folder by its real path.
  fs.chmodSync(scratch, 0o711)
})
afterAll(() => {
  if (scratch !== "") fs.rmSync(scratch, { recursive: true, force: true })
})

const run = (test: string, opts: { code?: string; timeoutMs?: number; memoryMb?: number; keep?: boolean; sandbox?: SandboxPolicy } = {}) =>
  Effect.runPromise(
    evaluate({
      code: opts.code ?? CODE,
      test,
      referenceDir,
      timeoutMs: opts.timeoutMs ?? 20_000,
      tmpDir: scratch,
      ...(opts.memoryMb ? { memoryMb: opts.memoryMb } : {}),
      ...(opts.keep ? { keep: true } : {}),
      ...(opts.sandbox ? { sandbox: opts.sandbox } : {})
    })
  )

describe("without go", () => {
  it("says plainly that Go is needed and scores nothing", async () => {
    const r = await Effect.runPromise(Effect.either(evaluate({ code: CODE, test: CODE, referenceDir, searchPath: "/nonexistent/bin:/also/not/here" })))
    expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "SweError", reason: "GoMissing", message: GO_MISSING_MESSAGE })
    expect(GO_MISSING_MESSAGE).toBe("Go is needed to score the swe task: install it (Debian: apt-get install golang-go)")
  })
})

describe("disqualified", () => {
  it("adjustment -1 gives 0 for everything and runs nothing", async () => {
    const code = CODE.replace("adjustment: 0; explanation: 0; suggestions: 0", "adjustment: -1; explanation: 60; suggestions: 20")
    const r = await Effect.runPromise(evaluate({ code, test: CODE, referenceDir }).pipe(Effect.either))
    if (Either.isLeft(r)) {
      // only where go is missing
      expect(r.left.reason).toBe("GoMissing")
      return
    }
    expect(r.right.verdict).toBe("disqualified (adjustment -1)")
    expect(r.right.total).toBe(0)
    expect(r.right.parts).toEqual({ runnable: 0, correct: 0, coverage: 0, explanation: 0, suggestions: 0 })
    expect(r.right.evidence.own).toBeNull()
  })

  it("a malformed header is an error naming the line", async () => {
    const code = CODE.replace("explanation: 0", "explanation: 99")
    const r = await Effect.runPromise(evaluate({ code, test: CODE, referenceDir }).pipe(Effect.either))
    expect(Either.isLeft(r) && r.left.reason).toBe(hasGo ? "Header" : "GoMissing")
    if (hasGo && Either.isLeft(r)) expect(r.left.message).toMatch(/header line 2: explanation must be within 0 … 60, not 99/)
  })
})

const probed = hasGo ? sandboxPolicy() : null

describe.skipIf(!hasGo)(`scoring edge cases${noGoReason}`, () => {
  it("an exit with status 0 before the tests run does not count as passing", async () => {
    const code = `${HEADER}package solution\n\nimport "os"\n\nfunc init() {\n\tos.Exit(0)\n}\n`
    const r = await run(testFile("func TestX(t *testing.T) { t.Fatal(\"never passes\") }", ["testing"]), { code })
    expect(r.evidence.own).toMatchObject({ built: true, exitCode: 0, passed: false })
    expect(r.parts.runnable).toBe(0)
    expect(r.verdict).not.toBe("ok")
    expect(r.evidence.notes.join(" ")).toMatch(/os\.Exit in init/)
  })

  it("a solution for a newer Go, or with a third-party module, does not build, and says why", async () => {
    const code = `${HEADER}package solution\n\nimport "slices"\n\nfunc F(x []int) bool { return slices.Contains(x, 1) }\n`
    const r = await run(testFile("func TestX(t *testing.T) {}", ["testing"]), { code })
    expect(r.verdict).toBe("does not build")
    expect(r.evidence.own?.compilerOutput).toMatch(/slices/)
    expect(r.evidence.goVersion).toMatch(/^go1\./)
    const mod = `${HEADER}package solution\n\nimport "github.com/example/nothere"\n\nvar _ = nothere.X\n`
    const m = await run(testFile("func TestX(t *testing.T) {}", ["testing"]), { code: mod })
    expect(m.verdict).toBe("does not build")
    expect(m.evidence.own?.compilerOutput).toMatch(/GOPROXY=off|cannot find module|no required module|lookup disabled/)
  })
})

describe.skipIf(!hasGo)(`the sandbox${noGoReason}`, () => {
  it("reports what protects the machine here", () => {
    const policy = probed!
    console.info(`swe-eval sandbox here: ${JSON.stringify(describePolicy(policy, 512), null, 1)}`)
    if (process.platform === "linux" && policy.root) {
      // as root (here and in CI) every protection must be available
      expect(policy).toMatchObject({ network: true, mounts: true, pid: true })
      expect(policy.setpriv).not.toBeNull()
      expect(policy.prlimit).not.toBeNull()
      expect(policy.notes).toEqual([])
    }
  })
})

// The probed sandbox, and the weaker one used where no namespace can be made (its fallback code must work too).
const policies: Array<[string, SandboxPolicy]> = probed
  ? [
      [`probed here (${describePolicy(probed, 512).mode})`, probed],
      ...(probed.unshare
        ? ([[`fallback without namespaces (${probed.root ? "root" : "unprivileged"})`, { ...probed, unshare: null, network: false, mounts: false, pid: false, userNamespace: false }]] as Array<[string, SandboxPolicy]>)
        : [])
    ]
  : []

describe.skipIf(!hasGo).each(policies)(`sandbox: %s${noGoReason}`, (_, policy) => {
  let server: net.Server
  let port = 0
  let connections = 0
  const secret = "LLP_SECRET_PROBE"

  beforeAll(async () => {
    server = net.createServer((s) => {
      connections++
      s.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    port = (server.address() as net.AddressInfo).port
    process.env[secret] = "hunter2"
  })
  afterAll(async () => {
    delete process.env[secret]
    await new Promise((resolve) => server.close(resolve))
  })

  it("the code cannot reach the network, the user's secrets, or write outside its folder", async () => {
    const id = `llp-escape-${process.pid}-${policy.unshare ? "ns" : "nons"}`
    const asOtherUser = policy.root && policy.setpriv !== null
    // Places the code must not be able to write at all.
    const mustFail = ["/etc/" + id, "../" + id]
    if (asOtherUser || policy.mounts) mustFail.push(path.join(here, id), path.join(os.homedir(), id), path.join(os.tmpdir(), `llp-go-cache-${process.getuid?.() ?? 0}`, id))
    if (policy.mounts) mustFail.push(`/run/lock/${id}`)
    // Places it may write in private (a tmpfs of its own), which must not show on the machine afterwards.
    const mayWrite = [`/tmp/${id}`, `/var/tmp/${id}`, `/dev/shm/${id}`]
    const allowed = ["PATH", "HOME", "TMPDIR", "GOCACHE", "GOPATH", "GOENV", "GOFLAGS", "GOPROXY", "GOSUMDB", "GOWORK", "GOTOOLCHAIN", "CGO_ENABLED", "GOMEMLIMIT", "GOMAXPROCS"]
    const probe = `
var mustFail = []string{${mustFail.map((p) => JSON.stringify(p)).join(", ")}}
var mayWrite = []string{${mayWrite.map((p) => JSON.stringify(p)).join(", ")}}
var allowed = map[string]bool{${allowed.map((k) => `${JSON.stringify(k)}: true`).join(", ")}}

func TestSandbox(t *testing.T) {
	for _, addr := range []string{"1.1.1.1:80", "127.0.0.1:${port}"} {
		if c, err := net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
			c.Close()
			if ${policy.network} {
				t.Errorf("BREACH: reached %s", addr)
			}
		}
	}
	for _, p := range mustFail {
		if err := os.WriteFile(p, []byte("x"), 0o644); err == nil {
			t.Errorf("BREACH: wrote %s", p)
		}
	}
	for _, p := range mayWrite {
		_ = os.WriteFile(p, []byte("x"), 0o644)
	}
	for _, kv := range os.Environ() {
		k := strings.SplitN(kv, "=", 2)[0]
		if !allowed[k] {
			t.Errorf("BREACH: environment variable %s", k)
		}
	}
	if os.Getenv("${secret}") != "" {
		t.Errorf("BREACH: the user's secret is visible")
	}
	if err := os.WriteFile("own-file", []byte("x"), 0o644); err != nil {
		t.Errorf("cannot write its own folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(os.TempDir(), "tmp-file"), []byte("x"), 0o644); err != nil {
		t.Errorf("cannot write its TMPDIR: %v", err)
	}
	status, _ := os.ReadFile("/proc/self/status")
	if ${policy.root || policy.userNamespace} && !strings.Contains(string(status), "CapEff:\\t0000000000000000") {
		t.Errorf("BREACH: has capabilities:\\n%s", status)
	}
	if !strings.Contains(string(status), "NoNewPrivs:\\t1") {
		t.Errorf("BREACH: no_new_privs is not set")
	}
	if ${asOtherUser} && (os.Getuid() != ${RUN_USER.uid} || os.Getgid() != ${RUN_USER.gid}) {
		t.Errorf("BREACH: runs as uid %d gid %d", os.Getuid(), os.Getgid())
	}
	if groups, _ := os.Getgroups(); ${asOtherUser} && len(groups) > 1 {
		t.Errorf("BREACH: supplementary groups %v", groups)
	}
	if ${policy.pid} && os.Getppid() != 1 {
		t.Errorf("BREACH: not in a PID namespace of its own (parent pid %d, want 1: test2json)", os.Getppid())
	}
	if entries, _ := os.ReadDir("/proc"); ${policy.mounts} {
		n := 0
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err == nil {
				n++
			}
		}
		if n > 10 {
			t.Errorf("BREACH: sees %d processes", n)
		}
	}
}`
    const before = connections
    const r = await run(testFile(probe, ["net", "os", "path/filepath", "strconv", "strings", "testing", "time"]), { keep: true, sandbox: policy })
    try {
      expect(r.evidence.own?.output ?? "").not.toContain("BREACH")
      expect(r.evidence.own).toMatchObject({ built: true, passed: true, failedTests: [] })
      if (policy.network) expect(connections).toBe(before)
      else expect(r.evidence.sandbox.network).toMatch(/^NOT isolated/)
      for (const p of mustFail.filter((p) => path.isAbsolute(p))) expect(fs.existsSync(p), p).toBe(false)
      const folder = r.evidence.folder!
      expect(fs.existsSync(path.join(folder, id))).toBe(false)
      if (policy.mounts) {
        for (const p of mayWrite) expect(fs.existsSync(p), p).toBe(false)
        // the tests ran in a private copy: even their own folder on disk is untouched
        expect(fs.existsSync(path.join(folder, "own", "own-file"))).toBe(false)
      } else {
        expect(r.evidence.sandbox.filesystem).toMatch(/^no mount namespace|^NOT isolated/)
      }
    } finally {
      fs.chmodSync(r.evidence.folder!, 0o700)
      fs.rmSync(r.evidence.folder!, { recursive: true, force: true })
      for (const p of mayWrite) fs.rmSync(p, { force: true })
    }
  })

  it("a fork bomb ends at the limit and leaves no process behind", async () => {
    const bomb = `
func TestBomb(t *testing.T) {
	for {
		cmd := exec.Command(os.Args[0], "-test.run=TestBomb", "-test.timeout=0")
		_ = cmd.Start()
	}
}`
    const started = Date.now()
    const r = await run(testFile(bomb, ["os", "os/exec", "testing"]), { timeoutMs: 15_000, sandbox: policy })
    const took = Date.now() - started
    expect(r.verdict).toMatch(/^(killed: process limit|timed out after 15s)$/)
    expect(r.parts.runnable).toBe(0)
    expect(took).toBeLessThan(15_000 + 20_000)
    if (policy.root) expect(await survivorsOf(RUN_USER.uid)).toEqual([])
  })

  it("a memory hog is stopped by the memory limit", async () => {
    const hog = `
var keep [][]byte

func TestHog(t *testing.T) {
	for i := 0; i < 100000; i++ {
		b := make([]byte, 1<<20)
		for j := range b {
			b[j] = 1
		}
		keep = append(keep, b)
	}
}`
    const r = await run(testFile(hog, ["testing"]), { memoryMb: 256, sandbox: policy })
    expect(r.verdict).toBe("killed: memory limit")
    expect(r.evidence.own).toMatchObject({ outOfMemory: true, passed: false })
    expect(r.parts.runnable).toBe(0)
  })

  it("a loop before the tests start (in init) is killed at the wall-time limit", async () => {
    const code = `${HEADER}package solution\n\nfunc init() {\n\tfor {\n\t}\n}\n`
    const started = Date.now()
    const r = await run(testFile("func TestX(t *testing.T) {}", ["testing"]), { code, timeoutMs: 3_000, sandbox: policy })
    expect(r.verdict).toBe("timed out after 3s")
    expect(r.evidence.own?.timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(3_000 + 5_000 + 15_000)
    if (policy.root) expect(await survivorsOf(RUN_USER.uid)).toEqual([])
  })
})
