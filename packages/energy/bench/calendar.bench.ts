import { DateTime } from 'luxon';
import { dayRange, hourBucketsOfDay, localDate, QUARTER_MS, quarterFloor } from '../src/calendar';

// Calendar operations per second next to two references measured in the same run: a plain Math.floor on epoch ms
// (the floor no zone-aware code can beat) and the same work done with luxon (what a zone library per call costs).

const N = 1_000_000;
const start = Date.parse('2024-01-01T00:00:00Z');
// A year's span of instants in a scrambled order, so the one-segment offset cache is hit and missed realistically.
const instants = Float64Array.from(
  { length: N },
  (_, i) => start + ((i * 7_919_773) % (366 * 96)) * QUARTER_MS + 123,
);

function measure(name: string, run: () => number): { name: string; opsPerSec: number } {
  run(); // warm up
  const t0 = process.hrtime.bigint();
  const sink = run();
  if (!Number.isFinite(sink)) throw new Error('bench result was optimised into nonsense');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { name, opsPerSec: N / seconds };
}

const rows = [
  measure('baseline: Math.floor(t / 15 min)', () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += Math.floor(instants[i]! / QUARTER_MS) * QUARTER_MS;
    return s;
  }),
  measure('quarterFloor', () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += quarterFloor(instants[i]!);
    return s;
  }),
  measure('localDate', () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += localDate(instants[i]!).length;
    return s;
  }),
  measure('quarterFloor + localDate + dayRange', () => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const t = instants[i]!;
      s += quarterFloor(t) + localDate(t).length + dayRange(t).end;
    }
    return s;
  }),
  measure('luxon: quarter floor + toISODate + startOf/endOf day', () => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const dt = DateTime.fromMillis(instants[i]!, { zone: 'Europe/Brussels' });
      s += Math.floor(dt.toMillis() / QUARTER_MS) + (dt.toISODate() ?? '').length;
      s += dt.startOf('day').toMillis() + dt.plus({ days: 1 }).startOf('day').toMillis();
    }
    return s;
  }),
];

const perDay = (() => {
  const days = 20_000;
  const t0 = process.hrtime.bigint();
  let s = 0;
  for (let i = 0; i < days; i++) s += hourBucketsOfDay(start + i * 86_400_000).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { s, opsPerSec: days / seconds };
})();

const print = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
const baseline = rows[0]!.opsPerSec;
print(`calendar bench, ${N.toLocaleString('en')} instants over 2024 (node ${process.version})`);
for (const r of rows) {
  print(
    `${r.name.padEnd(52)} ${fmt(r.opsPerSec).padStart(12)}   ${(baseline / r.opsPerSec).toFixed(1)}× baseline time`,
  );
}
print(`${'hourBucketsOfDay (23/24/25 labelled hours)'.padEnd(52)} ${fmt(perDay.opsPerSec).padStart(12)}`);
