import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  target: "node20",
  platform: "node",
  // private packages are used from source (the "source" condition) or bundled into the app: no .d.ts needed
  dts: false,
  sourcemap: true,
  clean: true
})
