import type { Bot } from "../domain/Bot.js"

/** `qwen/Qwen2.5-7B-Instruct-GGUF` → `qwen`, `llama3.1:8b` → `llama`: the model's family name. */
export const baseName = (model: string): string => {
  const last = model.split("/").pop() ?? model
  return (/^[a-z]+/.exec(last.toLowerCase())?.[0] ?? last.toLowerCase())
}

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.trim() !== "" && a.toLowerCase() === b.toLowerCase()

/** Why a judge may favour a contestant of its own family (self-preference): empty when none applies. */
export const sharedFamily = (judge: Bot, contestant: Bot): Array<string> => {
  const reasons: Array<string> = []
  if (same(judge.meta.arch, contestant.meta.arch)) reasons.push(`same arch ${judge.meta.arch}`)
  if (same(judge.meta.publisher, contestant.meta.publisher)) reasons.push(`same publisher ${judge.meta.publisher}`)
  if (baseName(judge.model) === baseName(contestant.model)) reasons.push(`same base name ${baseName(judge.model)}`)
  return reasons
}

/** Why a judge may favour a bot's answers: they are its own, or a model of its family; empty when neither. */
export const familyReasons = (judge: Bot, bot: Bot): Array<string> => (judge.id === bot.id ? ["it is the judge itself"] : sharedFamily(judge, bot))
