export { makeLmStudioProvider, makeLmStudioProviderWith, lmStudioBaseUrl, LMSTUDIO_DEFAULT_URL, type LmStudioProviderConfig, type LmStudioApi } from "./provider.js"
export { v1ChatBody, v1Finish, v1Parts, makeV1EventMapper, type V1EventMapper } from "./chat-v1.js"
export { loadBody, loadReport, ignoredParams, kvCacheOnGpu, REST_CANNOT_SET } from "./load.js"
export { v0Models, v1Models, instancesOf } from "./models.js"
