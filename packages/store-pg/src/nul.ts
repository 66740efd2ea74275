// Postgres text cannot hold U+0000 (SQLite's can): a stray NUL from a model or a server becomes U+FFFD rather
// than failing the write
const NUL = /\u0000/g

export const noNul = <A extends string | null>(value: A): A => (value !== null && value.includes("\u0000") ? (value.replace(NUL, "\uFFFD") as A) : value)
