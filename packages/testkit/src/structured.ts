import { isObject } from "./reply.js"
import type { SimKind } from "./types.js"

/** `response_format` as OpenAI defines it: `{type:"json_schema", json_schema:{schema}}`. */
const responseFormatSchema = (rf: unknown): unknown => {
  if (!isObject(rf)) return undefined
  if (rf["type"] === "json_schema" && isObject(rf["json_schema"])) return rf["json_schema"]["schema"] ?? {}
  return undefined
}

/**
 * The JSON schema a real server of this kind would constrain its answer to, read from the field that server
 * reads (undefined when it would answer freely):
 * - llama.cpp's llama-server: a top-level `json_schema`, or `response_format` `json_schema` (its
 *   `json_schema.schema`) or `json_object` (its `schema`);
 * - LM Studio: `response_format` on its OpenAI-compatible routes (`/v1`, `/api/v0`); `/api/v1/chat` has none;
 * - Ollama: `format` (a schema, or "json") on `/api/chat`, `response_format` on `/v1`;
 * - vLLM-like servers: `response_format`.
 */
export const structuredSchema = (kind: SimKind, path: string, body: unknown): unknown => {
  if (!isObject(body)) return undefined
  switch (kind) {
    case "llamacpp": {
      if (isObject(body["json_schema"])) return body["json_schema"]
      const rf = body["response_format"]
      if (isObject(rf) && rf["type"] === "json_object") return rf["schema"] ?? {}
      return responseFormatSchema(rf)
    }
    case "lmstudio":
      return path === "/api/v1/chat" ? undefined : responseFormatSchema(body["response_format"])
    case "ollama":
      if (path === "/api/chat") return body["format"] === "json" ? {} : isObject(body["format"]) ? body["format"] : undefined
      return responseFormatSchema(body["response_format"])
    case "openai":
      return responseFormatSchema(body["response_format"])
  }
}
