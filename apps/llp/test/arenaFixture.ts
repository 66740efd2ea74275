/** Three bots with secret-looking names and models, and their answers to two prompts, as an `llp import` file. */
export const BOTS = [
  { name: "Zephyrsecret", model: "zz-hidden-model-one" },
  { name: "Quokkacovert", model: "qq-hidden-model-two" },
  { name: "Wombatmasked", model: "ww-hidden-model-three" }
]
export const SECRET = /Zephyr|Quokka|Wombat|hidden-model/

/** An export with three bots' answers to two prompts: what `llp import` brings into the workspace. */
export const duelsDocument = () => {
  const prompts = ["arena-one", "arena-two"].map((slug, i) => ({
    category: "booting",
    slug,
    order: 100 + i,
    title: `Arena prompt ${i + 1}`,
    text: `Explain idea number ${i + 1} in a few lines.`,
    points: 10,
    useSystemPrompt: true,
    rubric: [],
    edited: false
  }))
  const runs = BOTS.flatMap((b, i) =>
    prompts.map((p, k) => ({
      bot: b.name,
      category: "booting",
      prompt: p.slug,
      startedAt: `2025-01-01T10:0${i}:0${k}.000Z`,
      provider: "demo",
      model: b.model,
      answeredModel: b.model,
      demo: false,
      status: "complete",
      request: null,
      output: Array.from({ length: 30 }, (_, n) => `answer ${i + 1} to ${p.slug}, line ${n + 1}`).join("\n"),
      reasoning: "",
      error: null,
      endedAt: null,
      ttftMs: null,
      generationMs: null,
      totalMs: null,
      promptTokens: null,
      completionTokens: null,
      tokensPerSecond: null,
      speedSource: null,
      serverTtftMs: null,
      stopReason: null,
      serverStats: null,
      modelInfo: null,
      runtime: null
    }))
  )
  return {
    llp: "leaderboard",
    version: 1,
    exportedAt: "2025-01-02T00:00:00.000Z",
    categories: [{ key: "booting", title: "Booting", points: 20, order: 1, temperature: 0.5, systemPrompt: "" }],
    leaderboard: [],
    bots: BOTS.map((b) => ({ name: b.name, provider: "demo", model: b.model, load: {}, sampling: {}, meta: {}, notes: "" })),
    prompts,
    runs,
    scores: []
  }
}

