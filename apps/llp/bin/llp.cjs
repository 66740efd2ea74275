#!/usr/bin/env node
// CommonJS: Node starts a CommonJS entry faster than an ES module one (see src/load.ts)
require("../dist/bin.cjs")
