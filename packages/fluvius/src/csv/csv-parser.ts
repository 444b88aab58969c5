import type { LocalDate } from '../time/brussels-time';
import type { ValidationState } from '../wire/energy-wire';
import { type CsvError, csvError } from './csv-errors';
import { splitFields, unwrapCell } from './csv-fields';
import { type CsvColumn, matchHeader } from './csv-header';
import { classifyRegister, classifyUnit } from './csv-registers';
import { type CsvSummary, SummaryBuilder } from './csv-summary';
import { type CsvDate, parseCsvDate, parseCsvTime, parseKwhToWh, parseValidationStatus } from './csv-values';
import { BrusselsWallClock } from './local-time';

const QUARTER_MS = 15 * 60_000;

/** One register of one quarter-hour from a Mijn Fluvius export. */
export interface CsvQuarter {
  start: Date;
  end: Date;
  /** The Brussels day the quarter starts in. */
  localDate: LocalDate;
  ean: string;
  meterId: string;
  direction: 'offtake' | 'injection';
  /** Day or night register; `total` for meters with a single active-energy register. */
  tariff: 'day' | 'night' | 'total';
  /** Null when the export has no volume ("Geen verbruik" / "No consumption"). */
  wh: number | null;
  validationState: ValidationState | null;
}

export interface CsvParseOptions {
  /** Refuse the file (`ean_mismatch`) unless every row is for this EAN. */
  expectedEan?: string;
  /** Refuse files with more data rows than this (`too_many_rows`); the default fits ten years of quarters. */
  maxRows?: number;
}

export type CsvParseResult =
  | { ok: true; quarters: CsvQuarter[]; summary: CsvSummary }
  | { ok: false; error: CsvError; quarters?: never; summary?: never };

type Columns = Record<CsvColumn, number>;

function toLocalDate(date: CsvDate): LocalDate {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * Line-by-line parser: feed it with `pushLine` and call `finish`. The first problem is kept and everything after it is
 * ignored, so the result is either the whole file or one error — never part of a file.
 */
export class FluviusCsvParser {
  private readonly options: Required<CsvParseOptions>;
  private lineNumber = 0;
  private columns: Columns | null = null;
  private width = 0;
  private language: 'nl' | 'en' = 'nl';
  private error: CsvError | null = null;
  private ean: string | null = null;
  private readonly quarters: CsvQuarter[] = [];
  private readonly clock = new BrusselsWallClock();
  private readonly summary = new SummaryBuilder();
  /** Per meter, per quarter start: which registers were seen (bit mask), to catch duplicates. */
  private readonly seen = new Map<string, Map<number, number>>();
  /** Per meter|register|wall time in the autumn fold: how often seen, to tell the first pass from the second. */
  private readonly foldPasses = new Map<string, number>();

  constructor(options: CsvParseOptions = {}) {
    this.options = { expectedEan: options.expectedEan ?? '', maxRows: options.maxRows ?? 800_000 };
  }

  /** Returns false once the parser has failed (callers may stop reading). */
  pushLine(rawLine: string): boolean {
    if (this.error) return false;
    this.lineNumber++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (this.columns === null) return this.readHeader(line);
    if (line.trim() === '') return true;
    const error = this.readRow(line);
    if (error) this.error = error;
    return error === null;
  }

  finish(): CsvParseResult {
    if (this.error) return { ok: false, error: this.error };
    if (this.columns === null) return { ok: false, error: csvError('empty_file') };
    if (this.quarters.length === 0) return { ok: false, error: csvError('no_data') };
    return { ok: true, quarters: this.quarters, summary: this.summary.build(this.language) };
  }

  private readHeader(line: string): boolean {
    const text = line.replace(/^\uFEFF/, '');
    // Blank lines before the header (or a file of only blank lines) are not a header yet.
    if (text.trim() === '') return true;
    const match = matchHeader(text);
    switch (match.kind) {
      case 'quarter-export':
        this.columns = match.columns;
        this.width = match.width;
        this.language = match.language;
        return true;
      case 'gas-export':
        this.error = csvError('gas_export', { line: this.lineNumber });
        return false;
      case 'wrong-delimiter':
        this.error = csvError('wrong_delimiter', { line: this.lineNumber, delimiter: match.delimiter });
        return false;
      case 'no-match':
        this.error = csvError('no_matching_header', { line: this.lineNumber, value: text });
        return false;
    }
  }

  private readRow(line: string): CsvError | null {
    const columns = this.columns!;
    const at = { line: this.lineNumber };
    const fields = splitFields(line);
    if (fields.length < this.width) return csvError('bad_column_count', { ...at, value: line });
    const cell = (column: CsvColumn) => fields[columns[column]]!;

    const register = classifyRegister(cell('register'));
    const unit = classifyUnit(cell('unit'));
    if (unit === 'm3') return csvError('gas_export', at);
    if (register?.kind === 'peak' || unit === 'kw') return csvError('peak_export', at);
    if (register === null) return csvError('unknown_register', { ...at, value: cell('register') });
    if (register.kind === 'reactive') {
      this.summary.countSkippedReactive();
      return this.countRow();
    }
    if (unit !== 'kwh') return csvError('unexpected_unit', { ...at, value: cell('unit') });
    const energy =
      register.kind === 'energy'
        ? register
        : ({ kind: 'energy', direction: 'offtake', tariff: 'total' } as const);

    const ean = unwrapCell(cell('ean'));
    if (this.ean === null) {
      if (this.options.expectedEan && ean !== this.options.expectedEan) {
        return csvError('ean_mismatch', { ...at, eans: [this.options.expectedEan, ean] });
      }
      this.ean = ean;
    } else if (ean !== this.ean) {
      return csvError('mixed_eans', { ...at, eans: [this.ean, ean] });
    }

    const fromDate = parseCsvDate(cell('fromDate'));
    const toDate = parseCsvDate(cell('toDate'));
    if (!fromDate) return csvError('bad_date', { ...at, value: cell('fromDate') });
    if (!toDate) return csvError('bad_date', { ...at, value: cell('toDate') });
    const fromTime = parseCsvTime(cell('fromTime'));
    const toTime = parseCsvTime(cell('toTime'));
    if (!fromTime) return csvError('bad_time', { ...at, value: cell('fromTime') });
    if (!toTime) return csvError('bad_time', { ...at, value: cell('toTime') });
    if (fromTime.minutes % 15 !== 0 || fromTime.seconds !== 0) {
      return csvError('not_quarter_hour', { ...at, value: cell('fromTime') });
    }

    const wh = parseKwhToWh(cell('volume'));
    if (wh === undefined) return csvError('bad_number', { ...at, value: cell('volume') });

    const meterId = unwrapCell(cell('meter'));
    const registerKey = `${energy.direction}-${energy.tariff}`;
    const startMs = this.resolveStart(fromDate, fromTime.minutes, `${meterId}|${registerKey}`);
    if (startMs === null)
      return csvError('nonexistent_local_time', { ...at, value: `${cell('fromDate')} ${cell('fromTime')}` });
    if (startMs === 'repeated')
      return csvError('duplicate_quarter', { ...at, value: `${cell('fromDate')} ${cell('fromTime')}` });

    // The end cell must be the wall time of start + 15 minutes; this also refuses hourly, daily and monthly exports.
    const endMs = startMs + QUARTER_MS;
    const expectedEndWall = this.clock.wallMsOf(endMs, fromDate);
    const endWall = Date.UTC(toDate.year, toDate.month - 1, toDate.day) + toTime.minutes * 60_000;
    if (endWall !== expectedEndWall || toTime.seconds !== 0) {
      return csvError('not_quarter_hour', { ...at, value: `${cell('toDate')} ${cell('toTime')}` });
    }

    if (this.isDuplicate(meterId, startMs, registerKey)) {
      return csvError('duplicate_quarter', { ...at, value: `${cell('fromDate')} ${cell('fromTime')}` });
    }

    const status = parseValidationStatus(cell('validationStatus'));
    const quarter: CsvQuarter = {
      start: new Date(startMs),
      end: new Date(endMs),
      localDate: toLocalDate(fromDate),
      ean,
      meterId,
      direction: energy.direction,
      tariff: energy.tariff,
      wh,
      validationState: status.state,
    };
    this.quarters.push(quarter);
    this.summary.add(quarter, status.recognised ? null : cell('validationStatus'));
    return this.countRow();
  }

  private countRow(): CsvError | null {
    return this.lineNumber - 1 > this.options.maxRows
      ? csvError('too_many_rows', { line: this.lineNumber })
      : null;
  }

  /**
   * UTC start of a row. In the repeated autumn hour the export lists each wall time twice (summer time first, see
   * fluvius-csv.md), so the first row for a meter+register+time is the earlier instant and the second the later.
   */
  private resolveStart(date: CsvDate, minutes: number, key: string): number | null | 'repeated' {
    const candidates = this.clock.candidates(date, minutes);
    if (candidates.length === 0) return null;
    if (candidates.length === 1) return candidates[0]!;
    const foldKey = `${key}|${date.year}-${date.month}-${date.day}|${minutes}`;
    const pass = this.foldPasses.get(foldKey) ?? 0;
    this.foldPasses.set(foldKey, pass + 1);
    return candidates[pass] ?? 'repeated';
  }

  private isDuplicate(meterId: string, startMs: number, registerKey: string): boolean {
    const bit = registerBits[registerKey] ?? 0;
    let byStart = this.seen.get(meterId);
    if (!byStart) {
      byStart = new Map();
      this.seen.set(meterId, byStart);
    }
    const mask = byStart.get(startMs) ?? 0;
    if (mask & bit) return true;
    byStart.set(startMs, mask | bit);
    return false;
  }
}

const registerBits: Record<string, number> = {
  'offtake-day': 1,
  'offtake-night': 2,
  'offtake-total': 4,
  'injection-day': 8,
  'injection-night': 16,
  'injection-total': 32,
};

export function parseFluviusCsvLines(lines: Iterable<string>, options?: CsvParseOptions): CsvParseResult {
  const parser = new FluviusCsvParser(options);
  for (const line of lines) if (!parser.pushLine(line)) break;
  return parser.finish();
}

/**
 * Parses a Mijn Fluvius quarter-hour export given as a whole text, or as lines arriving one by one (see `linesOf`
 * for turning an upload stream into lines). Reading stops at the first problem.
 */
export async function parseFluviusCsv(
  input: string | Iterable<string> | AsyncIterable<string>,
  options?: CsvParseOptions,
): Promise<CsvParseResult> {
  if (typeof input === 'string') return parseFluviusCsvLines(input.split('\n'), options);
  if (Symbol.iterator in input) return parseFluviusCsvLines(input, options);
  const parser = new FluviusCsvParser(options);
  for await (const line of input) if (!parser.pushLine(line)) break;
  return parser.finish();
}
