declare const __LLP_VERSION__: string | undefined

export const VERSION: string = typeof __LLP_VERSION__ === "string" ? __LLP_VERSION__ : "0.0.0-dev"
