/*
 * The trust path under chaos, on real processes: simulated homes (the gateway simulator's command line, each home a
 * full gateway with its outbox on disk) at high speed over a day and more of quarters, the project broker with
 * persistence, the real worker (`src/main.ts`, ingest on) in a process of its own, MariaDB behind a proxy this test
 * can cut, and Redis. Meanwhile: the ingest killed with SIGKILL right after a quarter-boundary burst and at a random
 * moment, the broker stopped across quarter boundaries, the database away across boundaries, and the simulator itself
 * killed and started again on its data dir. Then every quarter and every charge session the simulated gateways say
 * they produced (their journals) is in the database exactly once.
 *
 * CHAOS_HOMES and CHAOS_HOURS make it bigger (defaults: 6 homes, 24 simulated hours at 720×).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { sql } from '@ilumen/db';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import type { JournalEntry } from '@ilumen/gateway-firmware/sim';
import { ingestHealthKey } from '@ilumen/services';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGateways } from '../testing/fixtures';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { buildWorker, spawnSimulator, spawnWorker, type WorkerProcess } from '../testing/worker-process';
import { createIngestSession } from './session';

const Q = 15 * 60_000;
const HOUR = 3600_000;
const HOMES = Number(process.env.CHAOS_HOMES ?? 6);
const HOURS = Number(process.env.CHAOS_HOURS ?? 24);
const SPEED = 720;
const serials = Array.from({ length: HOMES }, (_, i) => `ILS-SIM${String(i + 1).padStart(5, '0')}`);
const prefix = `test-chaos-${Math.random().toString(16).slice(2, 10)}`;
// in the past, so no boundary is from the future when it arrives; midday, so the evening's cars come
const START = Math.floor(Date.now() / (24 * HOUR) - 5) * 24 * HOUR + 11 * HOUR;
const CLIENT_ID = `chaos-ingest-${prefix}`;

let t: TestDb;
let broker: ProjectBroker;
let proxy: TcpProxy;
let dataDir: string;
let worker: WorkerProcess | undefined;
/** The worker as production runs it (one bundle on plain node): it starts in a second, not a compile's minute. */
let built: string;
let sim: WorkerProcess | undefined;
const sites = new Map<string, number>();
const happened: string[] = [];

beforeAll(async () => {
  built = buildWorker();
  t = await createTestDb('chaos');
  broker = await startProjectBroker({ gateways: serials.map((serial) => ({ serial, password: 'sim-pw' })) });
  for (const g of (await registerGateways(t.db, serials)).values()) sites.set(g.serial, g.siteId);
  const db = new URL(t.url);
  proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 3306) });
  dataDir = mkdtempSync(join(tmpdir(), 'ilumen-chaos-'));
  // the ingest's session first, as a deployment makes it: the broker keeps what gateways send until it runs
  await createIngestSession({
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: 'chaos',
    clientId: CLIENT_ID,
  });
});

afterAll(async () => {
  await sim?.kill('SIGKILL');
  await worker?.kill('SIGKILL');
  await proxy?.close();
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await broker?.close();
  if (!process.env.CHAOS_KEEP) await t?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): WorkerProcess {
  const db = new URL(t.url);
  db.host = `127.0.0.1:${proxy.port}`;
  return spawnWorker(
    {
      DATABASE_URL: db.toString(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      ...broker.envFor('worker'),
      INGEST_MQTT_USERNAME: broker.users.ingest.username,
      INGEST_MQTT_PASSWORD: broker.users.ingest.password,
      INGEST_CLIENT_ID: CLIENT_ID,
      INGEST_SHARE_GROUP: 'chaos',
      ROLLOUTS_ENABLED: 'false',
      CONTROL_ENABLED: 'false',
      LOG_LEVEL: 'info',
      // a fleet silent for 20 s while the ingest is subscribed: subscribe again (decision 115)
      INGEST_SILENT_AFTER_S: '20',
    },
    { built },
  );
}

function startSim(): WorkerProcess {
  return spawnSimulator([
    '--gateways',
    String(HOMES),
    '--speed',
    String(SPEED),
    '--broker',
    broker.url,
    '--password',
    'sim-pw',
    '--start',
    new Date(START).toISOString(),
    '--live-interval',
    '900',
    '--data-dir',
    dataDir,
    '--journal',
    '--report',
    '0',
    '--log-level',
    'warn',
  ]);
}

/** What each simulated gateway put in its outbox so far (its journal survives a kill of the simulator). */
function journals(): Map<string, JournalEntry[]> {
  const out = new Map<string, JournalEntry[]>();
  for (const serial of readdirSync(dataDir)) {
    let text = '';
    try {
      text = readFileSync(join(dataDir, serial, 'produced.jsonl'), 'utf8');
    } catch {
      continue;
    }
    // a simulator killed mid-line leaves a torn last line, closed off on its restart (its message, if in the outbox,
    // is journaled again then: see sim/site/journal.ts)
    out.set(
      serial,
      text
        .split('\n')
        .filter((l) => l.endsWith('}'))
        .map((l) => JSON.parse(l) as JournalEntry),
    );
  }
  return out;
}

/**
 * The latest boundary any home has produced: how far the simulation has come (a home whose gateway stalls on a
 * loaded machine lags behind and skips boundaries; what it did produce is checked all the same).
 */
function reached(): number {
  let max = Number.NaN;
  for (const entries of journals().values()) {
    const last = entries.filter((e) => e.kind === 'energy').at(-1);
    if (last && !(Date.parse(last.ts) <= max)) max = Date.parse(last.ts);
  }
  return max;
}

/** What was done when, in simulated time (the slowest home's latest boundary, the fastest's). */
function note(what: string): void {
  const last = [...journals().values()].map((e) =>
    Date.parse(e.filter((x) => x.kind === 'energy').at(-1)?.ts ?? ''),
  );
  const at = (ms: number) => new Date(ms).toISOString().slice(5, 16);
  happened.push(`${what} [${at(Math.min(...last))}…${at(Math.max(...last))}]`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the simulation has produced the boundary `ms` at every home. */
async function simReaches(ms: number): Promise<void> {
  const end = Date.now() + 240_000;
  while (!(reached() >= ms)) {
    if (Date.now() > end || sim?.exited)
      throw new Error(
        `the simulation did not reach ${new Date(ms).toISOString()} (simulator ${sim?.exited ? 'exited' : 'running'}; ` +
          `homes at ${[...journals().values()].map((e) => e.at(-1)?.ts).join(', ')}); ${happened.join('; ')}\n` +
          `simulator: ${sim?.output.slice(-3000)}\nworker: ${worker?.output.slice(-3000)}`,
      );
    await sleep(50);
  }
}

async function restartWorker(): Promise<void> {
  worker = startWorker();
  await worker.waitForLog(/ingest subscribed/, { timeoutMs: 120_000 });
}

describe('the trust path from meter to database under chaos', () => {
  it('stores every quarter and charge session the gateways produced exactly once', async () => {
    await restartWorker();
    sim = startSim();
    await simReaches(START + 4 * HOUR);

    // 1. kill -9 of the ingest right after a quarter-boundary burst (the homes send the same boundary at once)
    const burst = reached() + Q;
    await simReaches(burst);
    await worker!.kill('SIGKILL');
    note(`ingest SIGKILL right after the ${new Date(burst).toISOString()} burst`);
    await restartWorker();

    // 2. kill -9 of the ingest at a random moment
    await simReaches(reached() + 2 * HOUR);
    await sleep(Math.floor(Math.random() * 2000));
    await worker!.kill('SIGKILL');
    note('ingest SIGKILL at a random moment');
    await restartWorker();

    // 3. the broker stopped across quarter boundaries (about 6 simulated quarters), then started again
    await simReaches(reached() + 2 * HOUR);
    await broker.stop();
    await sleep(4000);
    await broker.start();
    note('broker stopped for 4 s (~3 quarters) and started again');

    // 4. the database away across boundaries: the ingest's connections cut, new ones refused
    await simReaches(reached() + 2 * HOUR);
    proxy.cut();
    await sleep(5000);
    proxy.restore();
    note('database cut off for 5 s (~4 quarters)');

    // 5. the simulator killed and started again on its data dir
    await simReaches(reached() + 2 * HOUR);
    await sim.kill('SIGKILL');
    await sleep(1000);
    sim = startSim();
    note('simulator SIGKILL, started again on its data dir');

    // 6. the database away and the ingest killed meanwhile, then both back
    await simReaches(reached() + 2 * HOUR);
    proxy.cut();
    await sleep(1500);
    await worker!.kill('SIGKILL');
    proxy.restore();
    note('database cut off and the ingest SIGKILLed during it');
    await restartWorker();

    // run on to the end, then stop the gateways cleanly (what they buffered is sent before they go)
    await simReaches(START + HOURS * HOUR);
    await sim.kill('SIGTERM');
    const produced = journals();

    // everything produced arrives: wait until the database has every journaled boundary, or give up after a while
    const expected = [...produced.entries()].map(([serial, entries]) => ({
      serial,
      siteId: sites.get(serial)!,
      boundaries: [
        ...new Set(entries.filter((e) => e.kind === 'energy').map((e) => Date.parse(e.ts))),
      ].sort(),
      // a boundary the gateway had no meter telegram for (a stalled simulator at this speed) makes no grid quarter
      metered: new Set(entries.flatMap((e) => (e.kind === 'energy' && e.meter ? [Date.parse(e.ts)] : []))),
      starts: [...new Set(entries.flatMap((e) => (e.kind === 'session.start' ? [e.sessionId] : [])))],
      stops: new Set(entries.flatMap((e) => (e.kind === 'session.stop' ? [e.sessionId] : []))),
    }));
    const total = expected.reduce((n, e) => n + e.boundaries.length, 0);
    await until(
      () =>
        t.db
          .selectFrom('energy_counters')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
      (n) => n >= total,
      90_000,
      500,
    );
    // let the last quarters' sessions and rollups settle, then stop the worker cleanly
    await sleep(2000);
    await worker!.kill('SIGTERM');

    const report = {
      boundaries: 0,
      unmetered: 0,
      quarters: 0,
      sessions: 0,
      lost: [] as string[],
      doubled: [] as string[],
    };
    for (const e of expected) {
      const counters = await t.db
        .selectFrom('energy_counters')
        .select('ts')
        .where('site_id', '=', e.siteId)
        .execute();
      const stored = new Set(counters.map((r) => r.ts.getTime()));
      report.boundaries += e.boundaries.length;
      for (const b of e.boundaries)
        if (!stored.has(b)) report.lost.push(`${e.serial} boundary ${new Date(b).toISOString()}`);
      for (const s of stored)
        if (!e.boundaries.includes(s))
          report.doubled.push(`${e.serial} boundary ${new Date(s).toISOString()} never produced`);

      // a quarter for every two consecutive boundaries produced with the meter's registers, once
      const wanted = e.boundaries.filter((b) => e.metered.has(b) && e.metered.has(b + Q));
      report.unmetered += e.boundaries.length - e.metered.size;
      const quarters = await t.db
        .selectFrom('energy_qh')
        .select(['ts', 'import_wh', 'export_wh'])
        .where('site_id', '=', e.siteId)
        .execute();
      const byTs = new Map<number, number>();
      for (const q of quarters) byTs.set(q.ts.getTime(), (byTs.get(q.ts.getTime()) ?? 0) + 1);
      report.quarters += wanted.length;
      for (const w of wanted) {
        const n = byTs.get(w) ?? 0;
        if (n === 0) report.lost.push(`${e.serial} quarter ${new Date(w).toISOString()}`);
        if (n > 1) report.doubled.push(`${e.serial} quarter ${new Date(w).toISOString()} ×${n}`);
      }
      // the rollups count each quarter once: the days' sums are the quarters' sums
      const days = await sql<{ n: number; wh: number; qn: number; qwh: number }>`
        SELECT COALESCE(SUM(d.grid_quarters), 0) AS n, COALESCE(SUM(d.import_wh), 0) AS wh,
          (SELECT COUNT(*) FROM energy_qh WHERE site_id = ${e.siteId} AND import_wh IS NOT NULL) AS qn,
          (SELECT COALESCE(SUM(import_wh), 0) FROM energy_qh WHERE site_id = ${e.siteId}) AS qwh
        FROM energy_day d WHERE d.site_id = ${e.siteId}`.execute(t.db);
      const d = days.rows[0]!;
      if (Number(d.n) !== Number(d.qn) || Number(d.wh) !== Number(d.qwh))
        report.doubled.push(
          `${e.serial} days count ${d.n} quarters / ${d.wh} Wh, quarters ${d.qn} / ${d.qwh} Wh`,
        );

      // every charge session once, ended when its stop was produced
      const sessions = await t.db
        .selectFrom('charge_sessions')
        .select(['session_uid', 'ended_at'])
        .where('site_id', '=', e.siteId)
        .execute();
      report.sessions += e.starts.length;
      for (const id of e.starts) {
        const rows = sessions.filter((s) => s.session_uid === id);
        if (rows.length === 0) report.lost.push(`${e.serial} session ${id}`);
        if (rows.length > 1) report.doubled.push(`${e.serial} session ${id} ×${rows.length}`);
        if (e.stops.has(id) && rows.length === 1 && rows[0]!.ended_at === null)
          report.lost.push(`${e.serial} session ${id}: its stop`);
      }
      for (const s of sessions)
        if (!e.starts.includes(s.session_uid))
          report.doubled.push(`${e.serial} session ${s.session_uid} never started`);
    }
    const implausible = await t.db
      .selectFrom('events')
      .select(['site_id', 'payload'])
      .where('type', '=', 'data.implausible')
      .execute();

    // what the broker must queue for the ingest per gateway and hour (docs/broker.md sizes its queue on this)
    const events = await sql<{ type: string; n: number }>`
      SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC`.execute(t.db);
    const span = Math.max(...expected.map((e) => (e.boundaries.at(-1)! - e.boundaries[0]!) / HOUR));
    const perGatewayHour = (n: number) => (n / HOMES / span).toFixed(2);
    process.stdout.write(
      `chaos: ${HOMES} homes, ${span.toFixed(1)} simulated h at ${SPEED}×; ${happened.join('; ')}\n` +
        `  produced ${report.boundaries} boundaries (${report.unmetered} without a telegram) → ${report.quarters} quarters, ${report.sessions} charge sessions; ` +
        `lost ${report.lost.length}, doubled ${report.doubled.length}, implausible ${implausible.length}\n` +
        `  QoS 1 messages per gateway-hour: energy 4, ${events.rows.map((r) => `${r.type} ${perGatewayHour(Number(r.n))}`).join(', ')}\n`,
    );
    // A run that loses something says what the ingest saw (decision 151): one on a loaded machine stored nothing at all,
    // from its first boundary on and across every restart, and the next run on the same code lost nothing.
    if (report.lost.length > 0) {
      const redis = new Redis({ host: '127.0.0.1', port: 6379 });
      const health = await redis.get(ingestHealthKey(prefix, CLIENT_ID));
      await redis.quit();
      const stored = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM energy_counters`.execute(t.db);
      process.stdout.write(
        `  lost: ${stored.rows[0]?.n ?? 0} boundaries stored in all; database connections through the proxy ${proxy.accepted}; ` +
          `the ingest's last health ${health ?? '(none)'}\n  worker: ${worker?.output.slice(-6000)}\n  simulator: ${sim?.output.slice(-3000)}\n`,
      );
    }
    // a loaded machine stalls the simulator and skips boundaries; a day's run still makes many of them
    expect(report.boundaries).toBeGreaterThan(HOMES * 4 * 4);
    expect(report.lost).toEqual([]);
    expect(report.doubled).toEqual([]);
    // the meters kept their counters through the simulator's restart: nothing went back
    expect(implausible).toEqual([]);
  }, 900_000);
});
