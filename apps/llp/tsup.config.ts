import * as fs from "node:fs"
import { defineConfig } from "tsup"

const pkg = JSON.parse(fs.readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string }

export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: true,
  // bundled CommonJS code may call require(); give it one
  banner: { js: 'import { createRequire as __llpCreateRequire } from "node:module"; const require = __llpCreateRequire(import.meta.url);' },
  define: { __LLP_VERSION__: JSON.stringify(pkg.version) },
  // private workspace packages are inlined; runtime dependencies (blessed, better-sqlite3) stay external
  // effect and @effect/* are bundled too: tree-shaken, they load in a fraction of the time of their barrels
  noExternal: [/^@llp\//, /^effect($|\/)/, /^@effect\//],
  // the suites ship next to the bundle, so a packed llp finds them without the repository
  onSuccess: async () => {
    fs.cpSync(new URL("../../suites", import.meta.url), new URL("./dist/suites", import.meta.url), { recursive: true })
  }
})
