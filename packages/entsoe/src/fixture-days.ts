import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayRange, type LocalDate, localDate } from '@ilumen/energy';
import { parseMarketDocument } from './parse-market-document';
import type { RenderPeriod } from './render-market-document';

/** Real (or hand-edited) documents the local server serves for their own dates. */
export interface FixtureSet {
  /** Each whole Brussels day found in a fixture, with its period exactly as written (A03 omissions kept). */
  days: Map<LocalDate, { eic: string; period: RenderPeriod }>;
  /** Fixture files by their document interval `start|end|eic`, served byte for byte when a query matches exactly. */
  documents: Map<string, string>;
}

export const fixtureKey = (start: number, end: number, eic: string) => `${start}|${end}|${eic}`;

export function loadFixtures(dir: string): FixtureSet {
  const set: FixtureSet = { days: new Map(), documents: new Map() };
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.xml'))
    .sort()) {
    const xml = readFileSync(join(dir, name), 'utf8');
    const doc = parseMarketDocument(xml);
    if (doc.kind !== 'publication') continue;
    const eic = doc.series[0]?.inDomain;
    if (!eic) continue;
    set.documents.set(fixtureKey(doc.start, doc.end, eic), xml);
    for (const series of doc.series) {
      for (const period of series.periods) {
        const day = localDate(period.start);
        const range = dayRange(day);
        if (range.start !== period.start || range.end !== period.end || set.days.has(day)) continue;
        set.days.set(day, { eic: series.inDomain ?? eic, period });
      }
    }
  }
  return set;
}
