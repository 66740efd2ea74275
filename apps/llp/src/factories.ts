import type { ProviderKind } from "@llp/core"
import type { Factory } from "./providers.js"

/** The provider packages by type; the demo provider is built in. */
export const factories: Partial<Record<ProviderKind, Factory>> = {}
