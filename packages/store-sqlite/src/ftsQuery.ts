/**
 * Turns what a person types into a safe FTS5 query.
 *
 * Every word becomes a quoted FTS5 string, so nothing a person types is ever read as FTS5 syntax:
 * `:`, `(`, `)`, `^`, `+`, NEAR, AND, OR and NOT are plain words. The rules:
 *
 * - words are ANDed: `binary search` finds outputs with both words;
 * - `"quoted phrases"` stay phrases; a quote left open runs to the end of the text;
 * - a trailing `*` makes a prefix query (`pilgr*`), on the last token of the word;
 * - a leading `-` excludes a word or phrase (`-python`, `-"hello world"`), but only when something
 *   positive is left; on its own (`-5`, `--verbose`) it is an ordinary word;
 * - text with no letter or digit (punctuation, emoji) adds nothing; a query with nothing left is `null`,
 *   which the store answers with an empty result, never an error;
 * - Vietnamese: the index folds diacritics (`chào` = `chao`), but `đ` is a letter of its own to SQLite,
 *   so words with d or đ are searched in both spellings (`da nang` finds `Đà Nẵng` and back).
 *
 * @since 0.0.1
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

export interface CompiledSearch {
  /** The FTS5 query, to bind as a parameter: `MATCH ${match}`. */
  readonly match: string
  readonly terms: ReadonlyArray<SearchTerm>
  /** Some positive term has several tokens or is a prefix: FTS5 must merge position or prefix lists. */
  readonly costly: boolean
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

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`

const termQuery = (term: SearchTerm): string => {
  const star = term.prefix ? "*" : ""
  const variants = dVariants(term.text).map((v) => quote(v) + star)
  return variants.length === 1 ? variants[0]! : `(${variants.join(" OR ")})`
}

/** Compiles typed text to an FTS5 query; `null` when nothing searchable is left. */
export const compileSearch = (input: string, options: CompileOptions = {}): CompiledSearch | null => {
  const terms = parseSearch(input, options)
  let positive = terms.filter((t) => !t.negated)
  let negative = terms.filter((t) => t.negated)
  if (positive.length === 0) {
    // nothing to subtract from: "-5" or "--verbose" means the word itself
    positive = negative.map((t) => ({ ...t, negated: false }))
    negative = []
  }
  if (positive.length === 0) return null
  const all = positive.concat(negative)
  const p = positive.map(termQuery).join(" AND ")
  const match = negative.length === 0 ? p : `(${p}) NOT (${negative.map(termQuery).join(" OR ")})`
  return { match, terms: all, costly: positive.some((t) => t.prefix || t.tokens > 1) }
}

/** The FTS5 query for typed text, or `null` when there is nothing to search for. */
export const toFtsQuery = (input: string, options: CompileOptions = {}): string | null => compileSearch(input, options)?.match ?? null
