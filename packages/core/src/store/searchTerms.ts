/**
 * Splits what a person types into search terms, the same way for every store (SQLite's FTS5, Postgres's
 * tsquery), so that both read a query alike and never fail on its syntax. Each store compiles the terms to
 * its own query language. The rules:
 *
 * - words are ANDed: `binary search` finds outputs with both words;
 * - `"quoted phrases"` stay phrases; a quote left open runs to the end of the text;
 * - a trailing `*` makes a prefix query (`pilgr*`), on the last token of the word;
 * - a leading `-` excludes a word or phrase (`-python`, `-"hello world"`), but only when something
 *   positive is left; on its own (`-5`, `--verbose`) it is an ordinary word (see `splitTerms`);
 * - text with no letter or digit (punctuation, emoji) adds nothing;
 * - Vietnamese: `dVariants` spells words with d or đ both ways, for an index that does not fold đ.
 */

/** One item of a search. */
export interface SearchTerm {
  readonly text: string
  /** Written between double quotes. */
  readonly phrase: boolean
  /** Ends in `*`: the last token matches as a prefix. */
  readonly prefix: boolean
  /** Starts with `-`: results must not contain it. */
  readonly negated: boolean
  /** Tokens in the text (letters/digits runs), as the index will see them. */
  readonly tokens: number
}

export interface CompileOptions {
  /** Which terms get a prefix match without a `*`: search-as-you-type for small tables. Default "none". */
  readonly implicitPrefix?: "none" | "last" | "all"
  /** A prefix shorter than this many characters is searched as a whole word (a 1-letter prefix matches nearly every row). Default 2. */
  readonly minPrefix?: number
  /** Only the first `maxInput` characters are read. Default 1000. */
  readonly maxInput?: number
  /** At most this many terms are used. Default 32. */
  readonly maxTerms?: number
}

// What unicode61 keeps in a token: letters, digits, private use; combining marks ride along with letters.
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u
const TOKEN_RUN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu
const LAST_TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+$/u
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const SPACE = /\s/u

const countTokens = (text: string): number => text.match(TOKEN_RUN)?.length ?? 0

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const clean = (input: string, maxInput: number): string =>
  input.replace(LONE_SURROGATE, " ").normalize("NFC").slice(0, maxInput).replace(LONE_SURROGATE, " ").replace(CONTROL, " ")

/** Splits typed text into terms; terms with no letter or digit are dropped. */
export const parseSearch = (input: string, options: CompileOptions = {}): ReadonlyArray<SearchTerm> => {
  const s = clean(input, options.maxInput ?? 1000)
  const minPrefix = options.minPrefix ?? 2
  const raw: Array<{ text: string; phrase: boolean; prefix: boolean; negated: boolean }> = []
  const n = s.length
  let i = 0
  while (i < n) {
    if (SPACE.test(s[i]!)) {
      i++
      continue
    }
    let negated = false
    if (s[i] === "-") {
      negated = true
      i++
      if (i >= n || SPACE.test(s[i]!)) continue
    }
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1)
      const text = close < 0 ? s.slice(i + 1) : s.slice(i + 1, close)
      i = close < 0 ? n : close + 1
      let prefix = false
      while (i < n && s[i] === "*") {
        prefix = true
        i++
      }
      raw.push({ text, phrase: true, prefix, negated })
      continue
    }
    const start = i
    while (i < n && s[i] !== '"' && !SPACE.test(s[i]!)) i++
    const word = s.slice(start, i)
    const stripped = word.replace(/\*+$/, "")
    raw.push({ text: stripped, phrase: false, prefix: stripped.length < word.length, negated })
  }
  const implicit = options.implicitPrefix ?? "none"
  const terms: Array<SearchTerm> = []
  const seen = new Set<string>()
  const kept = raw.filter((t) => TOKEN_CHAR.test(t.text))
  kept.forEach((t, index) => {
    const wantsPrefix = t.prefix || (!t.negated && !t.phrase && (implicit === "all" || (implicit === "last" && index === kept.length - 1)))
    const last = LAST_TOKEN.exec(t.text)?.[0] ?? ""
    const prefix = wantsPrefix && [...last].length >= minPrefix
    const key = `${t.negated ? "-" : "+"}${prefix ? "*" : ""}${t.text.toLowerCase()}`
    if (seen.has(key)) return
    seen.add(key)
    terms.push({ text: t.text, phrase: t.phrase, prefix, negated: t.negated, tokens: countTokens(t.text) })
  })
  return terms.slice(0, options.maxTerms ?? 32)
}

const D_CHARS = /[dDđĐ]/g

/** The spellings of a text with each d/đ either way: all of them for up to 3, else as typed, all-d and all-đ. */
export const dVariants = (text: string): ReadonlyArray<string> => {
  const at: Array<number> = []
  for (const m of text.matchAll(D_CHARS)) at.push(m.index)
  if (at.length === 0) return [text]
  // d and đ are single UTF-16 code units, so the match offsets index code units
  const units = text.split("")
  const spell = (pick: (k: number) => boolean) => {
    const copy = units.slice()
    at.forEach((pos, k) => {
      const upper = copy[pos] === "D" || copy[pos] === "Đ"
      copy[pos] = pick(k) ? (upper ? "Đ" : "đ") : upper ? "D" : "d"
    })
    return copy.join("")
  }
  const out = new Map<string, string>([[text.toLowerCase(), text]])
  const add = (v: string) => {
    if (!out.has(v.toLowerCase())) out.set(v.toLowerCase(), v)
  }
  if (at.length <= 3) {
    for (let mask = 0; mask < 1 << at.length; mask++) add(spell((k) => (mask & (1 << k)) !== 0))
  } else {
    add(spell(() => false))
    add(spell(() => true))
  }
  return [...out.values()]
}

/** The positive and negative terms of a search; `-word` alone is the word itself. Null: nothing to search for. */
export const splitTerms = (terms: ReadonlyArray<SearchTerm>): { readonly positive: ReadonlyArray<SearchTerm>; readonly negative: ReadonlyArray<SearchTerm> } | null => {
  let positive = terms.filter((t) => !t.negated)
  let negative = terms.filter((t) => t.negated)
  if (positive.length === 0) {
    // nothing to subtract from: "-5" or "--verbose" means the word itself
    positive = negative.map((t) => ({ ...t, negated: false }))
    negative = []
  }
  return positive.length === 0 ? null : { positive, negative }
}

/** The tokens of a text as a unicode61-like index sees them: runs of letters, digits and marks. */
export const searchTokens = (text: string): ReadonlyArray<string> => text.match(TOKEN_RUN) ?? []

/** Prefix rules of the three searches: bots as you type (every word a prefix), prompts the last word, outputs none. */
export const BOT_SEARCH: CompileOptions = { implicitPrefix: "all", minPrefix: 1 }
export const PROMPT_SEARCH: CompileOptions = { implicitPrefix: "last", minPrefix: 1 }
export const OUTPUT_SEARCH: CompileOptions = { implicitPrefix: "none", minPrefix: 2 }

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 500

/** A search's row limit: 20 when absent or not a number, else 1 … 500. */
export const clampLimit = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)))
