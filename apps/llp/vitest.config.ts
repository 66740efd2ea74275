import { defineConfig } from "vitest/config"

export default defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  // these tests spawn the real `llp` and serve simulators: one file at a time, so a loaded 2-core CI stays on time
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000, fileParallelism: false }
})
