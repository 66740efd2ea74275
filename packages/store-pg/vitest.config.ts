import { defineConfig } from "vitest/config"

export default defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  // every test file makes its own database on the one server: run them one after another
  test: { include: ["test/**/*.test.ts"], testTimeout: 30000, fileParallelism: false }
})
