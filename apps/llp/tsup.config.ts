import * as crypto from "node:crypto"
import * as fs from "node:fs"
import { defineConfig } from "tsup"

const pkg = JSON.parse(fs.readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string }
const define = { __LLP_VERSION__: JSON.stringify(pkg.version) }

export default defineConfig([
  {
    // the entry point: answers --version and --help alone, else loads the bundle below through V8's code cache
    entry: ["src/bin.ts"],
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    shims: true,
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: false,
    define
  },
  {
    // CommonJS because Node 20 can cache V8's compiled code only for scripts (see src/load.ts)
    entry: { main: "src/main.ts" },
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    target: "node20",
    platform: "node",
    sourcemap: true,
    clean: false,
    shims: true,
    define,
    // private workspace packages are inlined; runtime dependencies (blessed, better-sqlite3) stay external
    // effect and @effect/* are bundled too: tree-shaken, they load in a fraction of the time of their barrels
    noExternal: [/^@llp\//, /^effect($|\/)/, /^@effect\//],
    onSuccess: async () => {
      // the build id names the code cache, so a cache never outlives the bundle it was made from
      const bundle = fs.readFileSync(new URL("./dist/main.cjs", import.meta.url))
      fs.writeFileSync(new URL("./dist/main.cjs.id", import.meta.url), crypto.createHash("sha256").update(bundle).digest("hex") + "\n")
      // the suites ship next to the bundle, so a packed llp finds them without the repository
      fs.cpSync(new URL("../../suites", import.meta.url), new URL("./dist/suites", import.meta.url), { recursive: true })
    }
  }
])
