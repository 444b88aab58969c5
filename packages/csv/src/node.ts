import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type CsvColumn, type CsvValue, csvChunks } from './index';

export interface CsvWritten {
  /** Data rows (the header not counted). */
  rows: number;
  bytes: number;
}

/** Writes the document into `out` (a file, a mail attachment) with back-pressure, and ends it. */
export async function writeCsv(
  out: Writable,
  columns: readonly CsvColumn[],
  rows: Iterable<readonly CsvValue[]> | AsyncIterable<readonly CsvValue[]>,
): Promise<CsvWritten> {
  let count = 0;
  let bytes = 0;
  async function* counted() {
    for await (const row of rows) {
      count++;
      yield row;
    }
  }
  for await (const chunk of csvChunks(columns, counted())) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows: count, bytes };
}
