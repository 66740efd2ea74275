import { defineConfig } from "vitest/config"

export default defineConfig({
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30000,
    // Worker threads without per-file isolation: the files share their (large) imports, which cuts
    // the run from about a minute to about 20 s. Every screen test closes its screen and its services.
    pool: "threads",
    isolate: false
  }
})
