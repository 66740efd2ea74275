/**
 * Runs untrusted commands (a model's Go code, its tests) with what the system allows:
 *
 * - a fresh work folder, a wall-time limit that kills the whole process tree, per-process limits
 *   (RLIMIT_DATA for memory, RLIMIT_NPROC against fork bombs, RLIMIT_FSIZE, no core dumps) and a minimal
 *   environment — always;
 * - as root: an unprivileged user (setpriv: uid 65534 to build, 65533 to run the tests, no groups, no
 *   capabilities, no_new_privs);
 * - where `unshare` works (root, or an unprivileged user namespace): new network, mount, PID, IPC and UTS
 *   namespaces; in the mount namespace private tmpfs over /tmp, /var/tmp and /dev/shm, every other
 *   writable mount remounted read-only, the work folder the only writable place left (the tests run in
 *   a size-limited tmpfs copy of it); PID namespace: when its first process dies the kernel kills all
 *   the rest.
 *
 * `sandboxPolicy()` probes once what works here; `describePolicy()` says what applies, for the evidence.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { SweError } from "./errors.js"

export type Step = "build" | "run"

export interface Identity {
  readonly uid: number
  readonly gid: number
}

/** As root: the go tool builds as nobody (it owns the build cache) … */
export const BUILD_USER: Identity = { uid: 65534, gid: 65534 }
/** … and the model's code runs as another unprivileged uid, which cannot touch the cache. */
export const RUN_USER: Identity = { uid: 65533, gid: 65533 }

/** Per-process thread/process cap (RLIMIT_NPROC counts threads) for the step that runs the model's code. */
export const RUN_NPROC = 128
export const BUILD_NPROC = 4096
/** Largest file the sandbox may write (RLIMIT_FSIZE). */
export const FSIZE_MB = 256
/** Size of the private tmpfs the tests run in, and of the private /tmp, /var/tmp, /dev/shm. */
export const RUN_TMPFS_MB = 256
export const TMP_TMPFS_MB = 64

export interface SandboxPolicy {
  readonly root: boolean
  /** `unshare` and its flags, or null when no namespace can be made here. */
  readonly unshare: ReadonlyArray<string> | null
  readonly network: boolean
  readonly mounts: boolean
  readonly pid: boolean
  readonly userNamespace: boolean
  readonly setpriv: string | null
  readonly prlimit: string | null
  readonly sh: string
  /** Why something is missing, in plain words. */
  readonly notes: ReadonlyArray<string>
}

const which = (name: string): string | null => {
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"]) {
    const f = path.join(dir, name)
    try {
      fs.accessSync(f, fs.constants.X_OK)
      return f
    } catch {
      // next
    }
  }
  return null
}

export const SYSTEM_PATH = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"]

/**
 * Where the work folder appears inside a mount namespace: always the same path, so that the Go build
 * cache (whose keys include the package's folder) is hit when the same files are evaluated again.
 */
export const INSIDE_WORK_DIR = "/tmp/llp-swe/work"

/** The work folder's path as the sandboxed command sees it. */
export const insidePath = (p: SandboxPolicy, workDir: string): string => (p.unshare && p.mounts ? INSIDE_WORK_DIR : workDir)

/**
 * The mount setup, run as (namespace) root inside the new namespaces, then replaced by the command.
 * $1 setup: mounts|none, $2 step: build|run, $3 the work folder, $4 where it appears inside,
 * $5 cache ("" if none), $6 owner uid:gid ("" to keep), then pairs of (mount point, its flags) to remount
 * read-only, then "--", then the command. Paths are arguments, never spliced into the script.
 */
export const SETUP_SCRIPT = `set -eu
setup=$1; step=$2; work=$3; inner=$4; cache=$5; owner=$6; shift 6
if [ "$setup" = mounts ]; then
  exec 3<"$work"
  if [ -n "$cache" ] && [ -d "$cache" ]; then exec 4<"$cache"; else cache=""; fi
  for d in /tmp /var/tmp /dev/shm; do
    if [ -d "$d" ]; then mount -t tmpfs -o nosuid,nodev,size=${TMP_TMPFS_MB}m,mode=1777 llp-sandbox "$d"; fi
  done
  # The folder above the work folder: a tmpfs of its own, read-only once the work folder is in place,
  # so that "../anything" cannot be written even by a process that owns it.
  parent=$(dirname -- "$inner")
  mkdir -p "$parent"
  mount -t tmpfs -o nosuid,nodev,size=1m,mode=0755 llp-parent "$parent"
  mkdir -p "$inner"
  if [ "$step" = build ]; then
    mount -c --bind /proc/self/fd/3 "$inner"
    if [ -n "$cache" ]; then mkdir -p "$cache"; mount -c --bind /proc/self/fd/4 "$cache"; fi
  else
    mount -t tmpfs -o nosuid,nodev,size=${RUN_TMPFS_MB}m,mode=0755 llp-work "$inner"
    cp -R /proc/self/fd/3/. "$inner/"
    if [ -n "$owner" ]; then chown -R "$owner" "$inner"; fi
    if [ -n "$cache" ]; then mkdir -p "$cache" 2>/dev/null || true; mount -t tmpfs -o size=4k,mode=0 llp-hidden "$cache" 2>/dev/null || true; fi
  fi
  mount -o remount,bind,ro,nosuid,nodev "$parent"
  exec 3<&-
  if [ -n "$cache" ]; then exec 4<&-; fi
  while [ "$1" != "--" ]; do
    mount -o "remount,bind,ro$2" "$1" 2>/dev/null || mount -o remount,bind,ro "$1" 2>/dev/null || true
    shift 2
  done
else
  while [ "$1" != "--" ]; do shift; done
  inner=$work
fi
shift
cd "$inner"
unset PWD OLDPWD
exec "$@"
`

const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))

const under = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/")

/**
 * The writable mounts to make read-only inside the mount namespace: everything but /proc, /sys, /dev
 * (device nodes; /dev/shm gets its own tmpfs), the places that get a private tmpfs, the work folder and
 * the cache. Each with the flags it has (nosuid, nodev, …), which a user namespace must keep.
 */
export const readOnlyMounts = (keep: ReadonlyArray<string>): Array<[string, string]> => {
  let text = ""
  try {
    text = fs.readFileSync("/proc/self/mountinfo", "utf8")
  } catch {
    return []
  }
  const skip = ["/proc", "/sys", "/dev", "/tmp", "/var/tmp", ...keep]
  const seen = new Map<string, string>()
  for (const line of text.split("\n")) {
    const f = line.split(" ")
    if (f.length < 6) continue
    const mp = unescapeMount(f[4]!)
    const opts = f[5]!.split(",")
    if (!opts.includes("rw")) continue
    if (skip.some((s) => under(mp, s))) continue
    const flags = opts.filter((o) => ["nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime", "strictatime"].includes(o))
    seen.set(mp, flags.map((o) => "," + o).join(""))
  }
  // parents first, so that a child mount is remounted after its parent
  return [...seen.entries()].sort((a, b) => a[0].length - b[0].length)
}

let cached: SandboxPolicy | undefined

/** What can be done here; probed once (a few unshare calls with `true`). */
export const sandboxPolicy = (): SandboxPolicy => {
  if (cached) return cached
  const root = typeof process.getuid === "function" && process.getuid() === 0
  const unshare = which("unshare")
  const setpriv = which("setpriv")
  const prlimit = which("prlimit")
  const sh = which("sh") ?? "/bin/sh"
  const notes: Array<string> = []
  if (process.platform !== "linux") notes.push(`${process.platform}: no Linux namespaces; only the time limit and a minimal environment apply`)
  if (!prlimit) notes.push("prlimit (util-linux) is missing: no memory, process or file-size limits")
  if (!setpriv) notes.push(root ? "setpriv (util-linux) is missing: the code runs as root" : "setpriv (util-linux) is missing: no no_new_privs")
  let chosen: { flags: Array<string>; network: boolean; mounts: boolean; pid: boolean } | null = null
  const failures: Array<string> = []
  if (unshare && process.platform === "linux") {
    const user = root ? [] : ["--map-root-user"]
    const levels = [
      { flags: [...user, "--net", "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc", "--propagation", "private"], network: true, mounts: true, pid: true },
      { flags: [...user, "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child"], network: true, mounts: false, pid: true },
      { flags: [...user, "--net"], network: true, mounts: false, pid: false }
    ]
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "llp-sandbox-probe-"))
    try {
      fs.chmodSync(dir, 0o755)
      const work = path.join(dir, "work")
      fs.mkdirSync(work, { mode: 0o755 })
      // With mounts, the probe also reports whether / really became read-only inside.
      const check = `while read -r a b c d mp opts rest; do if [ "$mp" = / ]; then echo "root:$opts"; fi; done < /proc/self/mountinfo`
      for (const level of levels) {
        const ro = level.mounts ? readOnlyMounts([work]).flat() : []
        const argv = [...level.flags, sh, "-c", SETUP_SCRIPT, "llp-sandbox", level.mounts ? "mounts" : "none", "run", work, level.mounts ? INSIDE_WORK_DIR : work, "", "", ...ro, "--", sh, "-c", check]
        const r = spawnSync(unshare, argv, { cwd: "/", env: { PATH: SYSTEM_PATH.join(":") }, encoding: "utf8", timeout: 20_000 })
        if (r.status === 0) {
          chosen = level
          if (level.mounts && !/^root:ro\b/m.test(r.stdout)) notes.push(`inside the mount namespace / could not be made read-only (${r.stdout.trim() || "no answer"}): only file permissions protect it`)
          break
        }
        failures.push(`unshare ${level.flags.join(" ")}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split("\n")[0]}`)
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  } else if (process.platform === "linux") {
    notes.push("unshare (util-linux) is missing: no namespaces")
  }
  if (!chosen && failures.length > 0) notes.push(`no namespaces could be made here (${failures[failures.length - 1]})`)
  else if (chosen && !chosen.mounts) notes.push(`no mount namespace here (${failures[0]})`)
  cached = {
    root,
    unshare: chosen && unshare ? [unshare, ...chosen.flags] : null,
    network: chosen?.network ?? false,
    mounts: chosen?.mounts ?? false,
    pid: chosen?.pid ?? false,
    userNamespace: !!chosen && !root,
    setpriv,
    prlimit,
    sh,
    notes
  }
  return cached
}

/** For tests: forget the probe (e.g. after changing what is installed). */
export const resetSandboxPolicy = () => {
  cached = undefined
}

/** What protects the machine under this policy, in words, for the evidence and the score file. */
export const describePolicy = (p: SandboxPolicy, memoryMb: number) => ({
  mode: p.unshare ? (p.root ? "root + namespaces" : "user namespace") : p.root ? "root, no namespaces" : "unprivileged, no namespaces",
  network: p.network ? "none: a new network namespace with only a loopback that is down" : "NOT isolated: no network namespace could be made here; the code can reach the network",
  filesystem: p.mounts
    ? "private mount namespace: tmpfs over /tmp, /var/tmp and /dev/shm, every other writable mount read-only; the tests run in a private tmpfs copy of their folder; the build cache is hidden from them"
    : p.root && p.setpriv
      ? "no mount namespace: the code runs as an unprivileged uid, so it can write only where any user can (e.g. /tmp)"
      : "NOT isolated: the code runs as this user and can write wherever this user can",
  user: p.root && p.setpriv
    ? `uid ${BUILD_USER.uid} (build) and uid ${RUN_USER.uid} (tests), no groups, no capabilities, no_new_privs`
    : p.userNamespace
      ? "this user, mapped to root of a user namespace with every capability dropped, no_new_privs"
      : p.setpriv
        ? "this user, no_new_privs"
        : "this user",
  processes: `${p.pid ? "a new PID namespace: when the run ends or is killed, every process in it dies" : "process group killed at the limit (a process that leaves the group may survive)"}${p.prlimit ? `; at most ${RUN_NPROC} processes/threads (RLIMIT_NPROC)${p.root || p.userNamespace ? "" : " counted with all of this user's processes"}` : ""}`,
  memory: p.prlimit ? `RLIMIT_DATA ${memoryMb} MiB per process (heap ≈ ${Math.max(memoryMb - 100, 0)} MiB), GOMEMLIMIT ${goMemLimitMb(memoryMb)} MiB; files ≤ ${FSIZE_MB} MiB` : "NOT limited (prlimit missing)",
  environment: "a minimal environment: PATH, HOME and TMPDIR in the work folder, Go settings (GOCACHE/GOPATH private, GOPROXY=off, GOFLAGS=-mod=mod, GOTOOLCHAIN=local, CGO_ENABLED=0); nothing else of the user's",
  notes: p.notes
})

export type SandboxReport = ReturnType<typeof describePolicy>

export const goMemLimitMb = (memoryMb: number) => Math.max(Math.floor(memoryMb * 0.75), 16)

export interface SandboxRequest {
  readonly step: Step
  /** Absolute; the only place the command may write. Inside a mount namespace it appears at INSIDE_WORK_DIR (see insidePath). */
  readonly workDir: string
  readonly argv: ReadonlyArray<string>
  /** The command's whole environment. */
  readonly env: Readonly<Record<string, string>>
  readonly wallMs: number
  readonly memoryMb: number
  /** build: mounted read-write; run: hidden. */
  readonly cacheDir: string | null
  /** Each line of stdout as it arrives (lines longer than 1 MiB are cut). */
  readonly onStdoutLine?: (line: string) => void
}

export interface SandboxOutcome {
  readonly exitCode: number | null
  readonly signal: string | null
  /** Killed at the wall-time limit. */
  readonly timedOut: boolean
  readonly durationMs: number
  readonly stdout: string
  readonly stderr: string
}

/** Keeps the first and last parts of a stream, so a flood of output cannot exhaust memory. */
class Bounded {
  private head = ""
  private tail = ""
  private dropped = 0
  constructor(
    private readonly headMax: number,
    private readonly tailMax: number
  ) {}
  push(s: string) {
    if (this.head.length < this.headMax) {
      const room = this.headMax - this.head.length
      this.head += s.slice(0, room)
      s = s.slice(room)
    }
    if (s === "") return
    this.tail += s
    if (this.tail.length > this.tailMax * 2) {
      this.dropped += this.tail.length - this.tailMax
      this.tail = this.tail.slice(-this.tailMax)
    }
  }
  text() {
    let tail = this.tail
    let dropped = this.dropped
    if (tail.length > this.tailMax) {
      dropped += tail.length - this.tailMax
      tail = tail.slice(-this.tailMax)
    }
    return dropped > 0 ? `${this.head}\n… (${dropped} characters cut) …\n${tail}` : this.head + tail
  }
}

/** The argv that runs `req` under `p`. */
export const sandboxArgv = (p: SandboxPolicy, req: SandboxRequest): { file: string; args: Array<string>; cwd: string } => {
  const user = req.step === "build" ? BUILD_USER : RUN_USER
  const limits = p.prlimit
    ? [p.prlimit, `--data=${req.memoryMb * 1024 * 1024}`, `--nproc=${req.step === "build" ? BUILD_NPROC : RUN_NPROC}`, `--fsize=${FSIZE_MB * 1024 * 1024}`, "--core=0", "--"]
    : []
  const drop = p.setpriv
    ? p.root
      ? [p.setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"]
      : p.userNamespace
        ? [p.setpriv, "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"]
        : [p.setpriv, "--no-new-privs", "--"]
    : []
  const command = [...drop, ...limits, ...req.argv]
  if (!p.unshare) {
    const [file, ...args] = command
    return { file: file!, args, cwd: req.workDir }
  }
  const owner = p.root && req.step === "run" ? `${user.uid}:${user.gid}` : ""
  const keep = [req.workDir, ...(req.cacheDir ? [req.cacheDir] : [])]
  const ro = p.mounts ? readOnlyMounts(keep).flat() : []
  const [file, ...flags] = p.unshare
  return {
    file: file!,
    args: [...flags, p.sh, "-c", SETUP_SCRIPT, "llp-sandbox", p.mounts ? "mounts" : "none", req.step, req.workDir, insidePath(p, req.workDir), req.cacheDir ?? "", owner, ...ro, "--", ...command],
    cwd: "/"
  }
}

/** The children of a process (from /proc). */
const childrenOf = (pid: number): Array<number> => {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter((x) => x !== "")
      .map(Number)
  } catch {
    const found: Array<number> = []
    try {
      for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8")
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
          if (ppid === pid) found.push(Number(d))
        } catch {
          // gone
        }
      }
    } catch {
      // no /proc
    }
    return found
  }
}

/** Gone, or a zombie (a PID namespace's init becomes one only after every process in it has exited). */
const isGone = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")
  } catch {
    return true
  }
}

const waitGone = async (pids: ReadonlyArray<number>, maxMs: number): Promise<void> => {
  const until = Date.now() + maxMs
  while (pids.some((p) => !isGone(p)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
}

/** Kills every process of the run uid (root without a PID namespace: the leftovers of a process that left its group). */
const killRunUser = (p: SandboxPolicy) => {
  if (!p.root || p.pid || !p.setpriv) return
  // twice: a process forked while the first sweep ran is caught by the second
  spawnSync(p.setpriv, [`--reuid=${RUN_USER.uid}`, `--regid=${RUN_USER.gid}`, "--clear-groups", "--", p.sh, "-c", "kill -9 -1; sleep 0.1; kill -9 -1"], { timeout: 5000, env: { PATH: SYSTEM_PATH.join(":") } })
}

/** Runs one command in the sandbox. Never fails for what the command does; only when it cannot start. */
export const runSandboxed = (req: SandboxRequest, policy: SandboxPolicy = sandboxPolicy()): Effect.Effect<SandboxOutcome, SweError> =>
  Effect.async<SandboxOutcome, SweError>((resume) => {
    const { file, args, cwd } = sandboxArgv(policy, req)
    const started = Date.now()
    const out = new Bounded(256 * 1024, 64 * 1024)
    const err = new Bounded(64 * 1024, 32 * 1024)
    let partial = ""
    let timedOut = false
    let done = false
    const child = spawn(file, args, { cwd, env: { ...req.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    // In a PID namespace, the first process (unshare's child) is killed: the kernel then kills everything
    // else in the namespace, and unshare reaps it and exits. Killing unshare itself would leave that
    // process to the system's init to reap. The whole process group is the fallback.
    let nsInit: Array<number> = []
    const killGroup = () => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, "SIGKILL")
      } catch {
        // already gone
      }
    }
    let fallback: NodeJS.Timeout | undefined
    const killTree = () => {
      if (child.pid === undefined) return
      if (policy.pid) {
        nsInit = childrenOf(child.pid)
        if (nsInit.length > 0) {
          for (const pid of nsInit) {
            try {
              process.kill(pid, "SIGKILL")
            } catch {
              // gone
            }
          }
          fallback = setTimeout(killGroup, 3000)
          return
        }
      }
      killGroup()
    }
    const timer = setTimeout(() => {
      timedOut = true
      killTree()
    }, req.wallMs)
    const line = (l: string) => {
      if (req.onStdoutLine) req.onStdoutLine(l)
    }
    child.stdout.setEncoding("utf8")
    child.stderr.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      out.push(chunk)
      if (!req.onStdoutLine) return
      partial += chunk
      let nl: number
      while ((nl = partial.indexOf("\n")) >= 0) {
        line(partial.slice(0, nl))
        partial = partial.slice(nl + 1)
      }
      if (partial.length > 1024 * 1024) {
        line(partial)
        partial = ""
      }
    })
    child.stderr.on("data", (chunk: string) => err.push(chunk))
    const finish = (exitCode: number | null, signal: string | null) => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (fallback) clearTimeout(fallback)
      killGroup() // whatever is left of the group (in a PID namespace, nothing is)
      killRunUser(policy)
      if (partial !== "") line(partial)
      const outcome = { exitCode, signal, timedOut, durationMs: Date.now() - started, stdout: out.text(), stderr: err.text() }
      // Killed from outside, unshare dies at once while the kernel tears the namespace down: wait for that.
      void waitGone(nsInit, 5000).then(() => resume(Effect.succeed(outcome)))
    }
    child.on("error", (e) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resume(Effect.fail(new SweError({ reason: "Sandbox", detail: `cannot start ${file}: ${e.message}`, cause: e })))
    })
    child.on("exit", (code, signal) => {
      // Wait for the pipes to drain; a process that escaped the group may hold them open, so not forever.
      const grace = setTimeout(() => {
        child.stdout.destroy()
        child.stderr.destroy()
        finish(code, signal)
      }, 2000)
      child.on("close", () => {
        clearTimeout(grace)
        finish(code, signal)
      })
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      killTree()
      killGroup()
      killRunUser(policy)
    })
  })
