import type { Ctx } from "./context.js"

export interface Piece {
  text: string
  reasoning: boolean
}

export interface PlayIo {
  /** Send one piece; `last` is true for the final piece. */
  emit(piece: Piece, index: number, last: boolean): Promise<void>
  /** Send a garbage line in the stream's framing. */
  malformed(): Promise<void>
  /** Send the server's mid-stream error. The stream then ends (the caller finishes the framing). */
  error(): Promise<void>
  /** Drop the connection; default: destroy the socket. */
  cut?(): Promise<void>
}

export type PlayEnd = "finished" | "cut" | "error" | "closed"

/**
 * Emit the pieces one by one with `tokenDelayMs` between them, applying the token-positioned faults
 * (`stall`, `malformed-line`, `mid-stream-error`, `cut`) after `afterTokens` pieces.
 * `afterTokens` at or beyond the end fires after the last piece, before the finish; with `lastInline`
 * (the last piece carries the finish, as Ollama's `done:true` line) it fires before the last piece.
 */
export const play = async (ctx: Ctx, pieces: readonly Piece[], io: PlayIo, options: { lastInline?: boolean } = {}): Promise<PlayEnd> => {
  const n = pieces.length
  const limit = options.lastInline === true ? Math.max(0, n - 1) : n
  const at = (afterTokens: number): number => Math.max(0, Math.min(afterTokens, limit))
  const delay = ctx.sim.options.tokenDelayMs ?? 0
  for (let i = 0; i <= n; i++) {
    for (const f of ctx.faults) {
      if (f.kind === "stall" && at(f.afterTokens) === i) await ctx.sleep(f.ms)
    }
    for (const f of ctx.faults) {
      if (f.kind === "malformed-line" && at(f.afterTokens) === i) await io.malformed()
    }
    for (const f of ctx.faults) {
      if (f.kind === "mid-stream-error" && at(f.afterTokens) === i) {
        ctx.endAt = performance.now()
        await io.error()
        return "error"
      }
      if (f.kind === "cut" && at(f.afterTokens) === i) {
        if (io.cut) await io.cut()
        else {
          await ctx.wire.flush()
          ctx.wire.destroy()
        }
        return "cut"
      }
    }
    if (ctx.wire.closed) return "closed"
    if (i === n) break
    if (i > 0 && delay > 0) await ctx.sleep(delay)
    if (ctx.wire.closed) return "closed"
    const piece = pieces[i]
    if (piece === undefined) break
    if (i === 0) ctx.firstTokenAt = performance.now()
    if (i === n - 1) ctx.endAt = performance.now()
    ctx.emitted = i + 1
    await io.emit(piece, i, i === n - 1)
  }
  ctx.endAt ??= performance.now()
  return ctx.wire.closed ? "closed" : "finished"
}

/** Text of the emitted pieces of one channel. */
export const textOf = (pieces: readonly Piece[], reasoning: boolean): string =>
  pieces
    .filter((p) => p.reasoning === reasoning)
    .map((p) => p.text)
    .join("")

/**
 * A non-streamed answer with the token faults applied: pacing and stalls delay it, `malformed-line` truncates the JSON,
 * `cut` sends half the body then drops the socket, `mid-stream-error` answers 500 with `errorBody`.
 */
export const playThenRespond = async (ctx: Ctx, pieces: readonly Piece[], build: () => unknown, errorBody: () => unknown): Promise<void> => {
  let malformed = false
  const io: PlayIo = {
    emit: () => Promise.resolve(),
    malformed: () => {
      malformed = true
      return Promise.resolve()
    },
    error: () => ctx.wire.json(500, errorBody()),
    cut: async () => {
      const text = JSON.stringify(build())
      ctx.wire.head(200, "application/json; charset=utf-8", { "Content-Length": Buffer.byteLength(text) })
      await ctx.wire.write(text.slice(0, Math.floor(text.length / 2)))
      await ctx.wire.flush()
      ctx.wire.destroy()
    }
  }
  const end = await play(ctx, pieces, io)
  if (end !== "finished") return
  const text = JSON.stringify(build())
  await ctx.wire.json(200, malformed ? text.slice(0, Math.floor(text.length / 2)) : text)
}
