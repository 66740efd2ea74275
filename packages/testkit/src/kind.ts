import type { Ctx } from "./context.js"

/** What each simulated server implements. */
export interface KindServer {
  /** Serve the request; `false` when no route matches. */
  route(ctx: Ctx): Promise<boolean>
  /** Unknown route, in the server's own style. */
  notFound(ctx: Ctx): Promise<void>
  /** The `http-500` fault. */
  serverError(ctx: Ctx): Promise<void>
  /** Missing or wrong API key. */
  unauthorized(ctx: Ctx): Promise<void>
  /** Paths served without an API key. */
  isPublic?(path: string): boolean
}

/** `METHOD /path` matcher. */
export const is = (ctx: Ctx, method: string, ...paths: string[]): boolean => ctx.req.method === method && paths.includes(ctx.req.path)

export const round3 = (x: number): number => Math.round(x * 1000) / 1000
