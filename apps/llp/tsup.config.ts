import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: true,
  // private workspace packages are inlined; runtime dependencies (blessed, better-sqlite3) stay external
  noExternal: [/^@llp\//]
})
