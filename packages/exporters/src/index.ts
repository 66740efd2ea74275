export {
  DOCUMENT_VERSION,
  DocumentArenaVote,
  DocumentBot,
  DocumentCategory,
  DocumentPrompt,
  DocumentRow,
  DocumentRun,
  DocumentScore,
  LeaderboardDocument,
  hasDetails,
  promptKey,
  runKey
} from "./document.js"
export type { DetailedDocument } from "./document.js"
export { type CategorySummary, type ExportRow, exportRows, maxTotal, plainNumber, round, starsText, summarizeCategories } from "./rows.js"
export { documentDetails, documentJson, type ExportDetails, makeDocument, toJson } from "./json.js"
export { BOM, csvCategoryColumn, csvField, CSV_FIXED_COLUMNS, guardFormula, toCsv } from "./csv.js"
export { categoriesChart, colorOf, mermaidText, PALETTE, totalsChart } from "./mermaid.js"
export { markdownText, toMarkdown } from "./markdown.js"
export { type ReportAnswer, type ReportData, toHtml } from "./html.js"
export { loadReport } from "./report.js"
export { frontierQuadrant, frontierQuadrants, type QuadrantChart } from "./quadrant.js"
export { DocumentError, type DocumentIssue, formatPath, parseDocument, referenceIssues } from "./parse.js"
export { exportDetails, exportDocument, type ExportOptions, type LeaderboardData, loadLeaderboard, resolveMachine, type BoardChoice, type SpeedMachine } from "./export.js"
export { DocumentBench, DocumentMachine, documentMachine } from "./machine.js"
export { importDocument, type ImportCount, type ImportReport } from "./import.js"
export { type ScoreFile, scoreFileData, type ScoreFilePrompt, writeScoreFiles } from "./scores.js"
export { type ArenaCell, arenaCells, loadArena } from "./arena.js"
