#!/usr/bin/env node
import * as fs from "node:fs"
import { fileURLToPath } from "node:url"
import { HELP } from "./help.js"
import { runMain } from "./load.js"
import { VERSION } from "./version.js"

// `llp … | head` closes the pipe early: that is the reader being done, not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0)
  throw e
})

// --version and --help answer before the rest of LLP is loaded
const [first] = process.argv.slice(2)
if (first === "--version" || first === "-V" || first === "version") process.stdout.write(`llp ${VERSION}\n`)
else if (first === "--help" || first === "-h" || first === "help") process.stdout.write(HELP)
else {
  const argv = process.argv.slice(2)
  const bundle = fileURLToPath(new URL("./main.cjs", import.meta.url))
  // `npm run dev` runs this file from the sources, where there is no bundle; the specifier is a
  // variable so that the bundler leaves that import alone
  const sources = "./main.js"
  const running = fs.existsSync(bundle) ? runMain(bundle, argv) : import(sources).then((m: { main: (argv: ReadonlyArray<string>) => Promise<number> }) => m.main(argv))
  running.then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`llp: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`)
      process.exitCode = 70
    }
  )
}
