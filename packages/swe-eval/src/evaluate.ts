import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { GO_MISSING_MESSAGE, SweError } from "./errors.js"
import { findGo, type GoToolchain } from "./go.js"
import { parseHeader, type SweHeader } from "./header.js"
import { BUILD_USER, describePolicy, goMemLimitMb, insidePath, RUN_USER, runSandboxed, sandboxPolicy, SYSTEM_PATH, type SandboxOutcome, type SandboxPolicy, type SandboxReport } from "./sandbox.js"
import { points, SWE_MAX, totalOf, type SweParts } from "./score.js"

export const DEFAULT_TIMEOUT_MS = 60_000
export const DEFAULT_MEMORY_MB = 512
/** A build is the go tool (trusted) compiling untrusted source: it gets at least this long, cold cache included. */
export const MIN_BUILD_MS = 60_000

/** The hard kill comes this long after the tests' own -test.timeout, so that Go can report the hang first. */
export const RUN_GRACE_MS = 5_000

export const GO_MOD = "module solution\n\ngo 1.19\n"

export interface EvaluateOptions {
  /** The model's solution file (with the header lines on top). */
  readonly code: string
  /** The model's test file. */
  readonly test: string
  /** The suite's reference folder: its `*_test.go` files other than `solution_test.go` are the hidden tests. */
  readonly referenceDir: string
  /** Time limit of each test run (default 60 s); a build gets max(this, 60 s). */
  readonly timeoutMs?: number
  /** Memory limit per process, MiB (default 512). */
  readonly memoryMb?: number
  /** Where to look for `go` (a PATH; default process.env.PATH). */
  readonly searchPath?: string
  /** Folder to make the evaluation's temporary folder in (default os.tmpdir()). */
  readonly tmpDir?: string
  /** Keep the temporary folder for inspection (its path is in evidence.folder); default: removed. */
  readonly keep?: boolean
  /** Use this sandbox policy instead of the one probed here (to test a weaker sandbox). */
  readonly sandbox?: SandboxPolicy
}

export type SweVerdict = string

export interface StepEvidence {
  /** The build of the test binary. */
  readonly built: boolean
  /** Compiler output when the build failed (trimmed), "" otherwise. */
  readonly compilerOutput: string
  readonly buildMs: number
  /** The run of the test binary: null when it did not build. */
  readonly runMs: number | null
  readonly exitCode: number | null
  readonly timedOut: boolean
  readonly outOfMemory: boolean
  /** Stopped by the process/thread limit (a fork bomb, or a runaway number of threads). */
  readonly processLimit: boolean
  /** Top-level tests that failed. */
  readonly failedTests: ReadonlyArray<string>
  /** Top-level tests that started and never finished (a hang stopped by the time limit). */
  readonly unfinishedTests: ReadonlyArray<string>
  /** The output of the failing tests or of the crash, trimmed. */
  readonly output: string
}

export interface OwnEvidence extends StepEvidence {
  /** Built and its tests passed within the limits. */
  readonly passed: boolean
  /** Statement coverage %, or null when not measured. */
  readonly coverage: number | null
  readonly passedTests: number
}

export interface ReferenceEvidence extends StepEvidence {
  readonly passed: number
  readonly total: number
  /** Reference tests that never reported a result (build failure, time limit, crash). */
  readonly notRun: ReadonlyArray<string>
}

export interface SweResult {
  readonly verdict: SweVerdict
  readonly total: number
  readonly parts: SweParts
  readonly max: typeof SWE_MAX
  readonly header: SweHeader
  readonly evidence: {
    readonly goVersion: string
    readonly package: string | null
    /** null when disqualified (nothing was run). */
    readonly own: OwnEvidence | null
    readonly reference: ReferenceEvidence | null
    readonly limits: { readonly timeoutMs: number; readonly buildTimeoutMs: number; readonly memoryMb: number }
    readonly sandbox: SandboxReport & { readonly cache: string }
    readonly timings: { readonly totalMs: number }
    readonly notes: ReadonlyArray<string>
    /** The temporary folder, when kept (`keep: true`). */
    readonly folder?: string
  }
}

const trimOutput = (text: string, work: ReadonlyArray<string>, maxLines = 60, maxChars = 6000): string => {
  let t = text
  for (const w of work) t = t.split(w + path.sep).join("./").split(w).join(".")
  t = t.replace(/\r\n?/g, "\n").trim()
  const lines = t.split("\n")
  if (lines.length > maxLines) t = [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join("\n")
  if (t.length > maxChars) t = t.slice(0, maxChars) + "…"
  return t
}

/** The reference test files of a reference folder and the names of their top-level tests. */
export const referenceTests = (referenceDir: string): { files: Array<{ name: string; text: string }>; names: Array<string> } => {
  const files = fs
    .readdirSync(referenceDir)
    .filter((f) => f.endsWith("_test.go") && f !== "solution_test.go")
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(referenceDir, name), "utf8") }))
  const names = files.flatMap((f) => [...f.text.matchAll(/^func (Test[A-Za-z0-9_]*)\(\s*\w+\s+\*testing\.T\s*\)/gm)].map((m) => m[1]!))
  return { files, names }
}

/** The package clause of a Go file, or null. */
export const packageOf = (source: string): string | null => {
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "")
  return stripped.match(/^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m)?.[1] ?? null
}

interface TestRun {
  readonly passed: Set<string>
  readonly failed: Set<string>
  readonly started: Set<string>
  readonly outputs: Map<string, string>
  coverage: number | null
  timeoutPanic: boolean
  outOfMemory: boolean
  processLimit: boolean
  /** The testing framework's final PASS line (an exit status of 0 alone could come from os.Exit(0) in init). */
  sawPass: boolean
  general: string
}

const OOM = /fatal error: (?:runtime: )?out of memory|runtime: out of memory|cannot allocate memory/
/** What Go says when RLIMIT_NPROC stops it from making a thread or a process. */
const NPROC = /failed to create new OS thread|fatal error: newosproc|fork\/exec [^\n]*: resource temporarily unavailable/

/** Reads test2json events line by line. */
const testRun = (): { run: TestRun; onLine: (line: string) => void } => {
  const run: TestRun = { passed: new Set(), failed: new Set(), started: new Set(), outputs: new Map(), coverage: null, timeoutPanic: false, outOfMemory: false, processLimit: false, sawPass: false, general: "" }
  const onLine = (line: string) => {
    let ev: { Action?: unknown; Test?: unknown; Output?: unknown }
    try {
      ev = JSON.parse(line)
    } catch {
      run.general = (run.general + line + "\n").slice(-8000)
      return
    }
    const test = typeof ev.Test === "string" ? ev.Test : null
    const top = test !== null && !test.includes("/") ? test : null
    const output = typeof ev.Output === "string" ? ev.Output : ""
    if (output !== "") {
      const cov = output.match(/^coverage: (\d+(?:\.\d+)?)% of statements/)
      if (cov && test === null) run.coverage = Number(cov[1])
      if (/^panic: test timed out after/.test(output)) run.timeoutPanic = true
      if (OOM.test(output)) run.outOfMemory = true
      if (NPROC.test(output)) run.processLimit = true
      if (test === null && output === "PASS\n") run.sawPass = true
      const key = test === null ? null : test.split("/")[0]!
      if (key !== null) {
        const prev = run.outputs.get(key) ?? ""
        if (prev.length < 6000) run.outputs.set(key, prev + output)
      } else {
        run.general = (run.general + output).slice(-8000)
      }
    }
    if (top !== null) {
      if (ev.Action === "run") run.started.add(top)
      else if (ev.Action === "pass" || ev.Action === "skip") run.passed.add(top)
      else if (ev.Action === "fail") run.failed.add(top)
    }
  }
  return { run, onLine }
}

const ensureDir = (dir: string, mode: number) => {
  fs.mkdirSync(dir, { recursive: true, mode })
  fs.chmodSync(dir, mode)
}

const chownTree = (dir: string, who: { uid: number; gid: number }) => {
  fs.chownSync(dir, who.uid, who.gid)
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name)
    if (e.isDirectory() && !e.isSymbolicLink()) chownTree(f, who)
    else fs.lchownSync(f, who.uid, who.gid)
  }
}

/**
 * The build cache kept between evaluations: os.tmpdir()/llp-go-cache-<uid>, owned by the build user,
 * mode 0700. It must be ours and private; if it is not (or cannot be hidden from the tests), a throwaway
 * cache inside the evaluation's folder is used instead.
 */
const buildCache = (policy: SandboxPolicy, scratch: string): { dir: string; persistent: boolean; note: string | null } => {
  const uid = typeof process.getuid === "function" ? process.getuid() : 0
  const owner = policy.root && policy.setpriv ? BUILD_USER : { uid, gid: typeof process.getgid === "function" ? process.getgid() : 0 }
  const throwaway = (note: string | null) => {
    const dir = path.join(scratch, "cache")
    ensureDir(dir, 0o700)
    if (policy.root && policy.setpriv) fs.chownSync(dir, owner.uid, owner.gid)
    return { dir, persistent: false, note }
  }
  // Without root or a mount namespace the tests would run as the cache's owner and could poison it.
  if (!(policy.root && policy.setpriv) && !policy.mounts) return throwaway("the build cache is thrown away after each evaluation (no way to hide it from the tests here), so every build is cold")
  const dir = path.join(os.tmpdir(), `llp-go-cache-${uid}`)
  try {
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { mode: 0o700 })
      fs.chownSync(dir, owner.uid, owner.gid)
    }
    const st = fs.lstatSync(dir)
    if (!st.isDirectory() || st.isSymbolicLink() || st.uid !== owner.uid || (st.mode & 0o077) !== 0) {
      return throwaway(`${dir} is not a private folder of uid ${owner.uid}; a throwaway cache was used`)
    }
    return { dir, persistent: true, note: null }
  } catch (e) {
    return throwaway(`${dir}: ${(e as Error).message}; a throwaway cache was used`)
  }
}

interface StepContext {
  readonly go: GoToolchain
  readonly policy: SandboxPolicy
  readonly cache: string
  readonly timeoutMs: number
  readonly buildTimeoutMs: number
  readonly memoryMb: number
}

const baseEnv = (ctx: StepContext, work: string, goCache: string, goPath: string): Record<string, string> => ({
  PATH: [ctx.go.binDir, ...SYSTEM_PATH.filter((p) => !p.endsWith("sbin"))].join(":"),
  HOME: work,
  TMPDIR: path.join(work, ".tmp"),
  GOCACHE: goCache,
  GOPATH: goPath,
  GOENV: "off",
  GOFLAGS: "-mod=mod",
  GOPROXY: "off",
  GOSUMDB: "off",
  GOWORK: "off",
  GOTOOLCHAIN: "local",
  CGO_ENABLED: "0",
  GOMEMLIMIT: `${goMemLimitMb(ctx.memoryMb)}MiB`
})

interface StepRaw {
  readonly build: SandboxOutcome
  readonly run: SandboxOutcome | null
  readonly tests: TestRun | null
}

/** Builds the test binary in `work` (sandboxed), then runs it (sandboxed, stricter). */
const buildAndRun = (ctx: StepContext, work: string, cover: boolean): Effect.Effect<StepRaw, SweError> =>
  Effect.gen(function* () {
    const inside = insidePath(ctx.policy, work)
    const build = yield* runSandboxed(
      {
        step: "build",
        workDir: work,
        argv: [ctx.go.go, "test", "-c", "-vet=off", ...(cover ? ["-cover"] : []), "-o", "solution.test", "."],
        env: baseEnv(ctx, inside, path.join(ctx.cache, "build"), path.join(ctx.cache, "gopath")),
        wallMs: ctx.buildTimeoutMs,
        memoryMb: ctx.memoryMb,
        cacheDir: ctx.cache
      },
      ctx.policy
    )
    const built = build.exitCode === 0 && !build.timedOut && fs.existsSync(path.join(work, "solution.test"))
    if (!built) return { build, run: null, tests: null }
    if (ctx.policy.root && ctx.policy.setpriv && !ctx.policy.mounts) chownTree(work, RUN_USER)
    const { run: tests, onLine } = testRun()
    const run = yield* runSandboxed(
      {
        step: "run",
        workDir: work,
        argv: [path.join(ctx.go.toolDir, "test2json"), "-t", "-p", "solution", "./solution.test", "-test.v=true", "-test.count=1", `-test.timeout=${ctx.timeoutMs}ms`, "-test.paniconexit0"],
        env: { ...baseEnv(ctx, inside, path.join(inside, ".tmp", "gocache"), path.join(inside, ".tmp", "gopath")), GOMAXPROCS: "4" },
        wallMs: ctx.timeoutMs + RUN_GRACE_MS,
        memoryMb: ctx.memoryMb,
        cacheDir: ctx.cache,
        onStdoutLine: onLine
      },
      ctx.policy
    )
    if (OOM.test(run.stderr)) tests.outOfMemory = true
    if (NPROC.test(run.stderr)) tests.processLimit = true
    return { build, run, tests }
  })

const stepEvidence = (raw: StepRaw, work: ReadonlyArray<string>): StepEvidence => {
  const built = raw.run !== null
  const compilerOutput = built ? "" : trimOutput(raw.build.timedOut ? `the build was stopped at the time limit\n${raw.build.stdout}${raw.build.stderr}` : `${raw.build.stdout}${raw.build.stderr}`, work)
  const t = raw.tests
  const failedTests = t ? [...t.failed].filter((n) => !t.passed.has(n)) : []
  const unfinishedTests = t ? [...t.started].filter((n) => !t.passed.has(n) && !t.failed.has(n)) : []
  let output = ""
  if (t && raw.run) {
    const parts = [...failedTests, ...unfinishedTests].map((n) => t.outputs.get(n) ?? "").filter((s) => s !== "")
    const crashed = raw.run.exitCode !== 0 && failedTests.length === 0
    if (crashed || raw.run.timedOut || t.timeoutPanic || t.outOfMemory || t.processLimit) parts.push(t.general, raw.run.stderr)
    output = trimOutput(parts.join(""), work, 80, 8000)
  }
  return {
    built,
    compilerOutput,
    buildMs: raw.build.durationMs,
    runMs: raw.run?.durationMs ?? null,
    exitCode: raw.run?.exitCode ?? raw.build.exitCode,
    timedOut: raw.build.timedOut || !!raw.run?.timedOut || !!t?.timeoutPanic,
    outOfMemory: !!t?.outOfMemory || (!built && OOM.test(raw.build.stderr)),
    processLimit: !!t?.processLimit || (!built && NPROC.test(raw.build.stderr)),
    failedTests,
    unfinishedTests,
    output
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`.replace(/\.0s$/, "s")

/**
 * Scores a model's swe answer: its own tests (runnable, coverage) and the hidden reference tests
 * (correct), each built and run in the sandbox, plus the header's manual parts.
 */
export const evaluate = (options: EvaluateOptions): Effect.Effect<SweResult, SweError> =>
  Effect.gen(function* () {
    const started = Date.now()
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB
    if (!(timeoutMs > 0) || !(memoryMb >= 64)) return yield* new SweError({ reason: "Files", detail: `bad limits: timeoutMs ${timeoutMs} (> 0), memoryMb ${memoryMb} (≥ 64)` })
    const buildTimeoutMs = Math.max(timeoutMs, MIN_BUILD_MS)
    const go = findGo(options.searchPath ?? process.env.PATH)
    if ("error" in go) return yield* new SweError({ reason: "GoMissing", detail: GO_MISSING_MESSAGE, cause: go.error })
    const header = yield* Either.match(parseHeader(options.code), {
      onLeft: (e) => Effect.fail(new SweError({ reason: "Header", detail: `solution file: ${e.message}`, cause: e })),
      onRight: Effect.succeed
    })
    const reference = yield* Effect.try({
      try: () => referenceTests(options.referenceDir),
      catch: (e) => new SweError({ reason: "Files", detail: `cannot read the reference tests in ${options.referenceDir}: ${(e as Error).message}`, cause: e })
    })
    if (reference.names.length === 0) return yield* new SweError({ reason: "Files", detail: `no reference tests (func Test… in *_test.go other than solution_test.go) in ${options.referenceDir}` })
    const policy = options.sandbox ?? sandboxPolicy()
    const pkg = packageOf(options.code)
    const notes: Array<string> = []
    if (pkg !== "solution") notes.push(pkg === null ? "the solution file has no package clause" : `the solution file is package ${pkg}; the task asks for package solution, and the reference tests are package solution`)
    const limits = { timeoutMs, buildTimeoutMs, memoryMb }

    if (header.adjustment === -1) {
      const parts = points({ ...header, ownTestsPass: false, coveragePercent: null, referencePassed: 0, referenceTotal: reference.names.length })
      return {
        verdict: "disqualified (adjustment -1)",
        total: totalOf(parts),
        parts,
        max: SWE_MAX,
        header,
        evidence: {
          goVersion: go.version,
          package: pkg,
          own: null,
          reference: null,
          limits,
          sandbox: { ...describePolicy(policy, memoryMb), cache: "not used" },
          timings: { totalMs: Date.now() - started },
          notes: [...notes, "disqualified by the header (adjustment: -1): nothing was built or run"]
        }
      } satisfies SweResult
    }

    return yield* Effect.acquireUseRelease(
      Effect.try({
        try: () => {
          const root = fs.mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), "llp-swe-"))
          // The sandbox users must reach their folder, and nothing else in here.
          fs.chmodSync(root, 0o711)
          if (policy.root && policy.setpriv && !policy.mounts) {
            // Without a mount namespace they reach it by its real path: every folder above must let them through.
            for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
              if ((fs.statSync(dir).mode & 0o001) === 0) {
                fs.rmSync(root, { recursive: true, force: true })
                throw new Error(`${dir} is closed to other users (no o+x), so the sandbox user cannot reach ${root}: use a temporary folder that others can pass through`)
              }
              if (path.dirname(dir) === dir) break
            }
          }
          return root
        },
        catch: (e) => new SweError({ reason: "Files", detail: `cannot make a temporary folder: ${(e as Error).message}`, cause: e })
      }),
      (root) =>
        Effect.gen(function* () {
          const cache = buildCache(policy, root)
          if (cache.note) notes.push(cache.note)
          const own = path.join(root, "own")
          const ref = path.join(root, "ref")
          yield* Effect.try({
            try: () => {
              for (const [dir, files] of [
                [own, [["solution.go", options.code], ["solution_test.go", options.test]]],
                [ref, [["solution.go", options.code], ...reference.files.map((f) => [f.name, f.text])]]
              ] as const) {
                ensureDir(dir, 0o755)
                ensureDir(path.join(dir, ".tmp"), 0o755)
                fs.writeFileSync(path.join(dir, "go.mod"), GO_MOD)
                for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text)
                if (policy.root && policy.setpriv) chownTree(dir, BUILD_USER)
              }
              // Nobody writes next to own/ and ref/ (without root or namespaces the code runs as the owner of
              // this folder: that stops an accident, not a determined chmod).
              fs.chmodSync(root, 0o511)
            },
            catch: (e) => new SweError({ reason: "Files", detail: `cannot prepare the work folders: ${(e as Error).message}`, cause: e })
          })
          const ctx: StepContext = { go, policy, cache: cache.dir, timeoutMs, buildTimeoutMs, memoryMb }
          const ownRaw = yield* buildAndRun(ctx, own, true)
          const refRaw = yield* buildAndRun(ctx, ref, false)
          const ownStep = stepEvidence(ownRaw, [own, insidePath(policy, own), root])
          const refStep = stepEvidence(refRaw, [ref, insidePath(policy, ref), root])
          const ownPassed = ownStep.built && ownRaw.run!.exitCode === 0 && ownRaw.tests!.sawPass && !ownStep.timedOut && !ownStep.outOfMemory && !ownStep.processLimit
          if (ownStep.built && ownRaw.run!.exitCode === 0 && !ownRaw.tests!.sawPass) notes.push("the model's test binary exited with status 0 without the testing framework's PASS (os.Exit in init?): its tests do not count as passed")
          const ownEvidence: OwnEvidence = {
            ...ownStep,
            passed: ownPassed,
            coverage: ownRaw.tests?.coverage ?? null,
            passedTests: ownRaw.tests ? [...ownRaw.tests.passed].filter((n) => !ownRaw.tests!.failed.has(n)).length : 0
          }
          const names = new Set(reference.names)
          const refPassed = refRaw.tests ? reference.names.filter((n) => refRaw.tests!.passed.has(n) && !refRaw.tests!.failed.has(n)) : []
          const refFailed = refStep.failedTests.filter((n) => names.has(n))
          const refEvidence: ReferenceEvidence = {
            ...refStep,
            failedTests: refFailed,
            unfinishedTests: refStep.unfinishedTests.filter((n) => names.has(n)),
            passed: refPassed.length,
            total: reference.names.length,
            notRun: reference.names.filter((n) => !refPassed.includes(n) && !refFailed.includes(n))
          }
          const parts = points({
            ...header,
            ownTestsPass: ownPassed,
            coveragePercent: ownEvidence.coverage,
            referencePassed: refEvidence.passed,
            referenceTotal: refEvidence.total
          })
          const verdict = (() => {
            if (ownStep.outOfMemory || refStep.outOfMemory) return "killed: memory limit"
            const buildTimedOut = !ownStep.built && ownRaw.build.timedOut ? true : !refStep.built && refRaw.build.timedOut
            if (buildTimedOut) return `timed out after ${seconds(buildTimeoutMs)} (build)`
            if (ownStep.timedOut || refStep.timedOut) return `timed out after ${seconds(timeoutMs)}`
            if (ownStep.processLimit || refStep.processLimit) return "killed: process limit"
            if (!ownStep.built) return "does not build"
            if (!refStep.built) return "does not build with the reference tests"
            if (!ownPassed) return "own tests fail"
            return "ok"
          })()
          return {
            verdict,
            total: totalOf(parts),
            parts,
            max: SWE_MAX,
            header,
            evidence: {
              goVersion: go.version,
              package: pkg,
              own: ownEvidence,
              reference: refEvidence,
              limits,
              sandbox: { ...describePolicy(policy, memoryMb), cache: cache.persistent ? `persistent: ${cache.dir} (mode 0700${policy.root && policy.setpriv ? `, uid ${BUILD_USER.uid}` : ""})` : "throwaway, per evaluation" },
              timings: { totalMs: Date.now() - started },
              notes,
              ...(options.keep ? { folder: root } : {})
            }
          } satisfies SweResult
        }),
      (root) =>
        Effect.sync(() => {
          if (options.keep) return
          try {
            fs.chmodSync(root, 0o700)
          } catch {
            // removed below, or already gone
          }
          fs.rmSync(root, { recursive: true, force: true })
        })
    )
  })
