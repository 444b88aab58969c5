/*
 * The one CSV writer of the product (decision 080), made for Excel in Belgium and safe to open:
 *
 * - UTF-8 with a byte-order mark (else Excel reads ANSI and breaks "€" and accents), ";" between cells (the Belgian
 *   list separator), CRLF line ends, a cell with ";", a quote or a line break quoted with its quotes doubled;
 * - text is never a formula: a text cell starting with = + - @, a tab or a carriage return (OWASP "CSV injection"),
 *   or their full-width forms, gets an apostrophe in front so a spreadsheet shows it as text. An installer's device
 *   manufacturer "@SUM(1+1)*cmd|' /C calc'!A0" reaches support's spreadsheet as that text, not as a command;
 * - numbers stay numbers: a numeric column's cell is written only when it is a number ("-1,20" stays a negative
 *   number); anything else that turns up in it is treated as text, so a column cannot be used to smuggle a formula;
 * - a code of digits (an EAN) stays the code: written as Mijn Fluvius writes it, `="541448820052377134"`, the one
 *   formula we write, whose only content is digits; else a spreadsheet shows 5,41449E+17 and loses its last digits.
 *   Anything but digits in such a column is text (and so neutralised).
 *
 * Pure and streaming: `csvChunks` yields the document in pieces of about 64 kB from rows that may come from a
 * database stream; `@ilumen/csv/node` writes them to a file, a mail attachment or a response with back-pressure;
 * `csvDocument` builds a small file at once (in the browser).
 */

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
export const CSV_EOL = '\r\n';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** How a column's cells are written. */
export type CsvKind = 'text' | 'number' | 'digits';
export type CsvValue = string | number | null | undefined;

export interface CsvColumn {
  header: string;
  /**
   * `text` (the default), `number`: a decimal with a decimal comma ("-1,20"), or a whole number; `digits`: a code of
   * digits a spreadsheet must keep as text, leading zeros and all (an EAN).
   */
  kind?: CsvKind;
}

/** A spreadsheet takes a cell starting with one of these as a formula (OWASP), full-width forms included. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[;"\r\n]/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/** One text cell: never a formula, quoted when it has to be. */
export function csvText(value: CsvValue): string {
  let v = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * One number cell: a finite number, or a decimal string as the database gives it ("-1.20000"), with a decimal comma.
 * Anything that is not a number is written as text (and so neutralised).
 */
export function csvNumber(value: CsvValue): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  return NUMBER.test(value) ? value.replace('.', ',') : csvText(value);
}

const DIGITS = /^\d{1,40}$/;

/** One code cell: `="…"` around digits only (as Mijn Fluvius writes its EAN), anything else as text. */
export function csvDigits(value: CsvValue): string {
  const v = value === null || value === undefined ? '' : String(value);
  return DIGITS.test(v) ? `="${v}"` : csvText(v);
}

const CELL: Record<CsvKind, (value: CsvValue) => string> = {
  text: csvText,
  number: csvNumber,
  digits: csvDigits,
};

/** One line: each value written by its column's kind. */
export function csvLine(values: readonly CsvValue[], columns: readonly CsvColumn[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += CSV_SEPARATOR;
    line += CELL[columns[i]?.kind ?? 'text'](values[i]);
  }
  return line + CSV_EOL;
}

const CHUNK = 64 * 1024;

/**
 * The whole document in pieces of about 64 kB: the byte-order mark and the header line, then every row as it comes.
 * Rows may be an async iterable (a database stream), so memory stays flat however many there are.
 */
export async function* csvChunks(
  columns: readonly CsvColumn[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
): AsyncGenerator<string> {
  let buffer =
    CSV_BOM +
    csvLine(
      columns.map((c) => c.header),
      [],
    );
  for await (const row of rows) {
    buffer += csvLine(row, columns);
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** A small document at once (a few hundred rows shown once, like generated claim codes). */
export function csvDocument(columns: readonly CsvColumn[], rows: Iterable<readonly CsvValue[]>): string {
  let out =
    CSV_BOM +
    csvLine(
      columns.map((c) => c.header),
      [],
    );
  for (const row of rows) out += csvLine(row, columns);
  return out;
}

/** The document as a byte stream for an HTTP response (`new Response(csvStream(…))`). */
export function csvStream(
  columns: readonly CsvColumn[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
): ReadableStream<Uint8Array> {
  const chunks = csvChunks(columns, rows);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
