import type { ProviderKind } from "@llp/core"
import { makeLmStudioProvider } from "@llp/provider-lmstudio"
import { makeOllamaProvider } from "@llp/provider-ollama"
import { makeOpenAiProvider } from "@llp/provider-openai"
import type { Factory } from "./providers.js"

/** The provider packages by type; the demo provider is built in. */
export const factories: Partial<Record<ProviderKind, Factory>> = {
  lmstudio: (c) => makeLmStudioProvider({ name: c.name, baseUrl: c.baseUrl, apiKey: c.apiKey }),
  ollama: (c) => makeOllamaProvider({ name: c.name, baseUrl: c.baseUrl, apiKey: c.apiKey }),
  "openai-compatible": (c) => makeOpenAiProvider({ name: c.name, baseUrl: c.baseUrl, apiKey: c.apiKey })
}

