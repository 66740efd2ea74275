import { defineConfig } from "tsup"

export default defineConfig({
  // the Store contract suite is its own entry (@llp/testkit/store-contract): it imports vitest, the main entry must not
  entry: { index: "src/index.ts", cli: "src/cli.ts", "storeContract/index": "src/storeContract/index.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  // private packages are used from source (the "source" condition) or bundled into the app: no .d.ts needed
  dts: false,
  sourcemap: true,
  clean: true
})
