export * from "./exec.js"
export * from "./gather.js"
export * from "./watch.js"
export * from "./layer.js"
