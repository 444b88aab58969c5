/** @ilumen/fluvius/csv — Mijn Fluvius quarter-hour exports. Pure: usable in the browser for a preview. */
export { type CsvError, type CsvErrorCode, csvErrorCodes } from './csv/csv-errors';
export { linesOf, linesOfText } from './csv/csv-lines';
export {
  type CsvParseOptions,
  type CsvParseResult,
  type CsvQuarter,
  FluviusCsvParser,
  parseFluviusCsv,
  parseFluviusCsvLines,
} from './csv/csv-parser';
export type { CsvDaySummary, CsvSummary } from './csv/csv-summary';
