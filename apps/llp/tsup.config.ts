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
  define: { __LLP_VERSION__: JSON.stringify(pkg.version) },
  // private workspace packages are inlined; runtime dependencies (blessed, better-sqlite3) stay external
  noExternal: [/^@llp\//],
  // the suites ship next to the bundle, so a packed llp finds them without the repository
  onSuccess: async () => {
    fs.cpSync(new URL("../../suites", import.meta.url), new URL("./dist/suites", import.meta.url), { recursive: true })
  }
})
