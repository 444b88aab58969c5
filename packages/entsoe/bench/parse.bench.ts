import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseMarketDocument } from '../src/parse-market-document';
import { slotsOfDay } from '../src/price-slots';

// Parsing a quarter-hour day-ahead document into the day's slots, next to fast-xml-parser alone on the same bytes
// (the floor: what our validation and A03 expansion add on top).

const xml = readFileSync(
  new URL('../fixtures/BE_mixed_resolution_A03_gaps_EDITED.xml', import.meta.url),
  'utf8',
);
const raw = new XMLParser({ removeNSPrefix: true, parseTagValue: false });
const N = 3_000;

function measure(name: string, run: () => number): string {
  run();
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return `${name.padEnd(48)} ${(N / seconds).toFixed(0).padStart(8)} docs/s  ${((seconds / N) * 1e6).toFixed(0).padStart(6)} µs/doc`;
}

const lines = [
  `entsoe parse bench: ${xml.length} bytes, 3 periods (2 × PT15M A03, 1 × PT60M) (node ${process.version})`,
  measure('baseline: fast-xml-parser only', () => Object.keys(raw.parse(xml)).length),
  measure('parseMarketDocument (zod-checked)', () =>
    parseMarketDocument(xml).kind === 'publication' ? 1 : 0,
  ),
  measure('parse + slotsOfDay (A03 fill, 96 quarters)', () => {
    const doc = parseMarketDocument(xml);
    return doc.kind === 'publication' ? slotsOfDay(doc, '2024-10-06').slots.length : 0;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
