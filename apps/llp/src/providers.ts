import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as HttpClient from "@effect/platform/HttpClient"
import { makeDemoProvider, Provider, ProviderError, type Config, type ProviderKind } from "@llp/core"
import type { ProviderConfig } from "@llp/core"

export type Factory = (config: ProviderConfig) => Effect.Effect<Provider.Service, never, HttpClient.HttpClient>

/** One factory per provider type: adding an OpenAI-compatible server is configuration only. */
export const makeRegistry = (config: Config, factories: Partial<Record<ProviderKind, Factory>>): Effect.Effect<Provider.Registry, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const context = yield* Effect.context<HttpClient.HttpClient>()
    const cache = new Map<string, Provider.Service>()
    const get = (name: string): Effect.Effect<Provider.Service, ProviderError> => {
      const hit = cache.get(name)
      if (hit) return Effect.succeed(hit)
      const entry = config.providers.find((p) => p.name === name)
      if (!entry) {
        const known = config.providers.map((p) => p.name).join(", ")
        return Effect.fail(new ProviderError({ provider: name, reason: "Config", detail: `no provider named "${name}" (known: ${known}); add it to llp.config.json` }))
      }
      if (entry.problem !== undefined) return Effect.fail(new ProviderError({ provider: name, reason: "Config", detail: entry.problem }))
      if (entry.type === "demo") {
        const demo = makeDemoProvider(entry.name)
        cache.set(name, demo)
        return Effect.succeed(demo)
      }
      const factory = factories[entry.type]
      if (!factory) return Effect.fail(new ProviderError({ provider: name, reason: "Config", detail: `provider type "${entry.type}" is not available in this build` }))
      return factory(entry).pipe(
        Effect.provide(context),
        Effect.tap((p) => Effect.sync(() => cache.set(name, p)))
      )
    }
    return {
      list: () => config.providers.map((p) => ({ name: p.name, kind: p.type, baseUrl: p.baseUrl, configured: p.configured })),
      get
    }
  })

export const providersLayer = (config: Config, factories: Partial<Record<ProviderKind, Factory>>) =>
  Layer.effect(Provider.Providers, makeRegistry(config, factories))
