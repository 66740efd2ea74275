import type { ChatRequest, Provider, ProviderError, StreamPart } from "@llp/core"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { startSimulator } from "./server.js"
import type { SimOptions, Simulator } from "./types.js"

// Helpers for the provider packages' test suites (a provider against a simulator).

/** A simulator for the duration of the effect. */
export const withSim = <A, E, R>(options: SimOptions, use: (sim: Simulator) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.acquireUseRelease(
    Effect.promise(() => startSimulator(options)),
    use,
    (sim) => Effect.promise(() => sim.close())
  )

export interface CollectedChat {
  readonly parts: ReadonlyArray<StreamPart>
  readonly error: ProviderError | undefined
  readonly text: string
  readonly reasoning: string
  readonly finish: Extract<StreamPart, { type: "finish" }> | undefined
}

/** Runs a chat stream to its end, keeping the parts that came before a failure. */
export const collectChat = (stream: Stream.Stream<StreamPart, ProviderError>): Effect.Effect<CollectedChat> =>
  Effect.gen(function* () {
    const parts: Array<StreamPart> = []
    const exit = yield* Effect.exit(Stream.runForEach(stream, (p) => Effect.sync(() => parts.push(p))))
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    if (Exit.isFailure(exit) && error === undefined) throw new Error(Cause.pretty(exit.cause))
    const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.delta] : [])).join("")
    const reasoning = parts.flatMap((p) => (p.type === "reasoning-delta" ? [p.delta] : [])).join("")
    const finish = parts.find((p): p is Extract<StreamPart, { type: "finish" }> => p.type === "finish")
    return { parts, error, text, reasoning, finish }
  })

/** A chat with the default prompt ("Say hello in Vietnamese"), collected. */
export const chatOf = (provider: Provider.Service, request: Partial<ChatRequest> & { model: string }): Effect.Effect<CollectedChat> =>
  collectChat(provider.chat({ prompt: "Say hello in Vietnamese", load: {}, sampling: {}, ...request }))

/** The failure of an effect (dies when it succeeds). */
export const failureOf = <A>(effect: Effect.Effect<A, ProviderError>): Effect.Effect<ProviderError> =>
  Effect.flip(effect).pipe(Effect.orDieWith(() => new Error("expected a failure")))
