import { defineConfig } from "vitest/config"

export default defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  // The test files share their workers' module cache: @llp/core, effect and mermaid load once, not once
  // per file (25 s → 6 s on two cores). No test keeps state in a module; mermaid.test.ts removes the
  // DOM globals it sets.
  test: { include: ["test/**/*.test.ts"], testTimeout: 20000, isolate: false }
})
