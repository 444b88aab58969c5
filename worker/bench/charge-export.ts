import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { csvDocument } from '@ilumen/csv';
import { createDb } from '@ilumen/db';
import { createTestDb } from '@ilumen/db/testing';
import { csvDateTime, csvKwh, exportQuery, writeChargeSessionsCsv } from '@ilumen/services';

/**
 * The charge-session CSV export at 100,000 sessions: rows per second and peak memory as the export grows (10k, 50k,
 * 100k rows), streamed as the exports worker does it, next to two baselines measured in the same run on the same
 * rows: the database read alone (streamed, no CSV: the throughput ceiling) and the naive export that loads every row
 * and builds the file in memory (what the memory would do without streaming). Each measurement runs in a fresh child
 * process, so its peak RSS is its own.
 *
 * `tsx bench/charge-export.ts [--sessions 100000]`
 */
const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: process.env.BENCH_SESSIONS ?? '100000' },
    child: { type: 'string' },
    url: { type: 'string' },
    rows: { type: 'string' },
  },
});
const out = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const MB = 1024 * 1024;

type Mode = 'stream' | 'read-only' | 'in-memory';

/** One measurement, in its own process: prints a JSON line with its figures. */
async function child(mode: Mode, url: string, rows: number) {
  const db = createDb({ url, connectionLimit: 2 });
  const exportRow = {
    scope: 'site' as const,
    site_id: 1,
    device_id: null,
    user_id: 1,
    own_only: false,
    from_day: '2020-01-01',
    to_day: '2030-12-31',
    locale: 'nl' as const,
  };
  // The bench's sites are numbered so that site 1 holds exactly `rows` sessions (see the setup below).
  exportRow.site_id = rows;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const baseRss = peakRss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const file = path.join(tmpdir(), `bench-export-${process.pid}.csv`);
  const started = performance.now();
  let count = 0;
  if (mode === 'stream') {
    count = (await writeChargeSessionsCsv(db, exportRow, createWriteStream(file))).rows;
  } else if (mode === 'read-only') {
    for await (const _ of exportQuery(db, exportRow).stream(500)) count++;
  } else {
    const all = await exportQuery(db, exportRow).execute();
    const csv = csvDocument(
      [
        'address',
        'charger',
        'start',
        'end',
        'energy',
        'solar',
        'mode',
        'user',
        'tariff',
        'cost',
        'reason',
      ].map((header) => ({ header })),
      all.map((r) => [
        `${r.street} ${r.house_number}, ${r.postal_code} ${r.city}`,
        `${r.model} ${r.serial}`,
        csvDateTime(r.started_at),
        csvDateTime(r.ended_at),
        csvKwh(r.energy_wh),
        csvKwh(r.solar_wh),
        r.mode,
        r.user_name,
        r.tariff_eur_per_kwh,
        r.cost_eur,
        r.stop_reason,
      ]),
    );
    await writeFile(file, csv);
    count = all.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  const bytes = mode === 'read-only' ? 0 : statSync(file).size;
  rmSync(file, { force: true });
  await db.destroy();
  process.stdout.write(
    `${JSON.stringify({ mode, rows: count, seconds, bytes, peakRssMb: peakRss / MB, growthMb: (peakRss - baseRss) / MB, peakHeapMb: peakHeap / MB })}\n`,
  );
}

async function main() {
  const total = Number(values.sessions);
  const sizes = [Math.round(total / 10), Math.round(total / 2), total];
  const t = await createTestDb('bench_export', { connectionLimit: 4 });
  const db = t.db;
  try {
    out(`# Charge-session CSV export (${fmt(total)} sessions; each figure from a fresh process)`);
    // Three sites, one per export size, each with a charger and a few users; sessions spread over three years.
    const org = await db
      .insertInto('organizations')
      .values({ kind: 'installer', name: 'Bench BV' })
      .executeTakeFirstOrThrow();
    const users: number[] = [];
    for (let i = 0; i < 5; i++) {
      const u = await db
        .insertInto('users')
        .values({ email: `u${i}@bench.test`, name: i === 0 ? '=cmd|" /C calc"!A0' : `Gebruiker ${i}` })
        .executeTakeFirstOrThrow();
      users.push(Number(u.insertId));
    }
    const setupStarted = performance.now();
    for (const size of sizes) {
      // site id = its size, so the child knows which to export (ids are set explicitly)
      await db
        .insertInto('sites')
        .values({
          id: size,
          organization_id: Number(org.insertId),
          street: 'Kerkstraat',
          house_number: String(size),
          postal_code: '9000',
          city: 'Gent',
        } as never)
        .execute();
      const dev = await db
        .insertInto('devices')
        .values({
          site_id: size,
          type: 'charger',
          model: 'iLucharge 22',
          serial: `ILC-${size}`,
          device_key: 'charger1',
          active_since: '2023-01-01',
        })
        .executeTakeFirstOrThrow();
      const t0 = Date.parse('2023-01-01T17:00:00Z');
      for (let from = 0; from < size; from += 5000) {
        const batch = [];
        for (let i = from; i < Math.min(size, from + 5000); i++) {
          const start = t0 + Math.floor((i / size) * 3 * 365 * 86_400_000);
          const energy = 3000 + ((i * 7919) % 40_000);
          batch.push({
            site_id: size,
            device_id: Number(dev.insertId),
            charger_key: String(dev.insertId),
            session_uid: `s-${i}`,
            user_id: users[i % users.length]!,
            mode: i % 3 === 0 ? ('smart' as const) : ('fast' as const),
            started_at: new Date(start),
            ended_at: new Date(start + 3 * 3_600_000),
            energy_wh: energy,
            solar_wh: i % 3 === 0 ? Math.round(energy * 0.7) : 0,
            stop_reason: 'ev_disconnected',
            tariff_eur_per_kwh: '0.31250',
            cost_eur: ((energy * 0.3125) / 1000).toFixed(2),
            updated_at: new Date(),
          });
        }
        await db.insertInto('charge_sessions').values(batch).execute();
      }
    }
    out(
      `setup: ${fmt(sizes.reduce((a, b) => a + b, 0))} sessions inserted in ${fmt((performance.now() - setupStarted) / 1000, 1)} s`,
    );
    out('');
    out('| how | rows | s | rows/s | file MB | peak RSS MB | RSS growth MB | peak heap MB |');
    out('|---|---:|---:|---:|---:|---:|---:|---:|');
    const self = fileURLToPath(import.meta.url);
    for (const mode of ['read-only', 'stream', 'in-memory'] as const) {
      for (const size of sizes) {
        const line = execFileSync(
          process.execPath,
          ['--import', 'tsx', self, '--child', mode, '--url', t.url, '--rows', String(size)],
          { encoding: 'utf8', cwd: path.dirname(self) },
        )
          .trim()
          .split('\n')
          .at(-1)!;
        const r = JSON.parse(line) as {
          mode: string;
          rows: number;
          seconds: number;
          bytes: number;
          peakRssMb: number;
          growthMb: number;
          peakHeapMb: number;
        };
        const label = {
          'read-only': 'baseline: database read only (streamed)',
          stream: '**export, streamed (the job)**',
          'in-memory': 'baseline: export built in memory',
        }[mode];
        out(
          `| ${label} | ${fmt(r.rows)} | ${fmt(r.seconds, 2)} | ${fmt(r.rows / r.seconds)} | ${fmt(r.bytes / MB, 1)} | ${fmt(r.peakRssMb)} | ${fmt(r.growthMb)} | ${fmt(r.peakHeapMb)} |`,
        );
      }
    }
  } finally {
    await t.drop();
  }
}

if (values.child) await child(values.child as Mode, values.url!, Number(values.rows));
else await main();
