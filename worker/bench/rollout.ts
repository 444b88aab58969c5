import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProjectBroker } from '@ilumen/broker';
import { createDb, sql } from '@ilumen/db';
import { createTestDb } from '@ilumen/db/testing';
import {
  digestOf,
  generateSigningKeys,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { JobProducer } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { connectGatewayLink, liveKeys, RolloutEngine, RolloutService, systemActor } from '@ilumen/services';
import { Redis } from 'ioredis';
import mqtt from 'mqtt';
import { startIngest } from '../src/ingest/ingest';

/**
 * A rollout to 10,000 gateways (stand-ins in their own process that answer `ota` with the six status steps): how long
 * the engine's scheduling and the ingest's state tracking take per wave, and the broker and database load the rollout
 * adds — next to baselines measured in the same run: the broker's raw QoS 1 rate for the same number of messages, and
 * the least database work a tracker must do (one batched write of each gateway's final state).
 */
const GATEWAYS = Number(process.env.BENCH_ROLLOUT_GATEWAYS ?? 10_000);
const EVENTS_PER_SITE = 10;
const here = path.dirname(fileURLToPath(import.meta.url));
const out = (s: string) => process.stdout.write(`${s}\n`);
const phase = (s: string) => process.stderr.write(`[rollout bench] ${s}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

/**
 * Counts the statements a rollout adds (those on the firmware and rollout tables, from the engine, the service and the
 * ingest's ota sink), by kind, with their time including the wait for a pooled connection: a Kysely plugin on the
 * handle the code under test gets. The ingest's usual work (gateway lookups, last seen) is not counted.
 */
const load = { select: 0, insert: 0, update: 0, delete: 0, other: 0, ms: 0 };
const resetLoad = () => Object.assign(load, { select: 0, insert: 0, update: 0, delete: 0, other: 0, ms: 0 });
function counted(url: string) {
  const started = new Map<unknown, number>();
  const kinds: Record<string, keyof typeof load> = {
    SelectQueryNode: 'select',
    InsertQueryNode: 'insert',
    UpdateQueryNode: 'update',
    DeleteQueryNode: 'delete',
  };
  return createDb({ url, connectionLimit: 10 }).withPlugin({
    transformQuery(args) {
      if (
        /"(rollout_\w+|rollouts|firmware_releases|bench_final_state)"|rollout_targets/.test(
          JSON.stringify(args.node),
        )
      ) {
        started.set(args.queryId, performance.now());
        load[kinds[args.node.kind] ?? 'other']++;
      }
      return args.node;
    },
    async transformResult(args) {
      const t0 = started.get(args.queryId);
      if (t0 !== undefined) load.ms += performance.now() - t0;
      started.delete(args.queryId);
      return args.result;
    },
  });
}
const statements = () => load.select + load.insert + load.update + load.delete + load.other;

// The project's broker (logins and rights as in production), with a load generator login the stand-ins share.
const broker = await startProjectBroker({ persistence: false, loadGenerator: true });
const MQTT_URL = broker.url;
const LOAD_URL = broker.loadGenerator!.url;
/** Gateways per minute: a fleet operator's pace; stand-ins answer at once, so this bounds the status burst. */
const RATE = Number(process.env.BENCH_ROLLOUT_RATE ?? 6000);
const t = await createTestDb('bench_rollout', { connectionLimit: 10 });
const db = counted(t.url);
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const prefix = `bench-rollout-${randomBytes(3).toString('hex')}`;
const jobs = new JobProducer({ connection: redis, prefix });
const standinFile = path.join(tmpdir(), `bench-standins-${randomBytes(4).toString('hex')}.json`);
let standins: ReturnType<typeof spawn> | null = null;
try {
  // ------------------------------------------------------------------ the fleet: sites, online gateways, an hour of events
  const org = Number(
    (
      await db
        .insertInto('organizations')
        .values({ kind: 'installer', name: 'Bench' })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  const serials = Array.from({ length: GATEWAYS }, (_, i) => `ILS-R${String(i).padStart(7, '0')}`);
  for (let i = 0; i < GATEWAYS; i += 1000) {
    await db
      .insertInto('sites')
      .values(
        serials.slice(i, i + 1000).map(() => ({
          organization_id: org,
          street: 'S',
          house_number: '1',
          postal_code: '9000',
          city: 'Gent',
        })),
      )
      .execute();
  }
  const sites = (await db.selectFrom('sites').select('id').orderBy('id').execute()).map((s) => s.id);
  for (let i = 0; i < GATEWAYS; i += 1000) {
    await db
      .insertInto('gateways')
      .values(
        serials.slice(i, i + 1000).map((serial, j) => ({
          serial,
          site_id: sites[i + j]!,
          organization_id: org,
          hardware_revision: 'B2',
          firmware_version: '1.0.0',
          online: true,
        })),
      )
      .execute();
  }
  const gatewayIds = (await db.selectFrom('gateways').select('id').orderBy('id').execute()).map((g) => g.id);
  const now = Date.now();
  const types = ['control.decision', 'device.status', 'modbus.error', 'gateway.log'];
  for (let i = 0; i < GATEWAYS; i += 500) {
    const rows = sites.slice(i, i + 500).flatMap((site, j) =>
      Array.from({ length: EVENTS_PER_SITE }, (_, k) => ({
        site_id: site,
        gateway_id: gatewayIds[i + j]!,
        uid: randomUUID(),
        ts: new Date(now - (k + 1) * 5 * 60_000),
        type: types[k % types.length]!,
        payload: '{"to":"Standby"}',
      })),
    );
    await db.insertInto('events').values(rows).execute();
  }
  const keys = liveKeys(prefix);
  for (let i = 0; i < GATEWAYS; i += 1000) {
    const multi = redis.multi();
    for (const [j, site] of sites.slice(i, i + 1000).entries()) {
      multi.set(
        keys.latest(site),
        JSON.stringify({
          siteId: site,
          gatewaySerial: serials[i + j],
          receivedAt: new Date().toISOString(),
          live: { v: 1, ts: new Date().toISOString(), grid: { importW: 300, exportW: 0 } },
        }),
        'EX',
        3600,
      );
    }
    await multi.exec();
  }
  const signing = generateSigningKeys();
  const artifact = packArtifact(
    { format: 1, version: '1.1.0', hardwareRevisions: ['B2'], createdAt: new Date().toISOString() },
    [{ path: 'gateway.mjs', data: Buffer.from('//') }],
  ).bytes;
  const d = await digestOf([artifact]);
  const release = Number(
    (
      await db
        .insertInto('firmware_releases')
        .values({
          version: '1.1.0',
          hardware_revision: 'B2',
          size_bytes: d.sizeBytes,
          sha256: d.sha256,
          signature: signDigest(privateKeyFromPem(signing.privateKeyPem), d.sha256),
          artifact_url: 'https://fw.example.be/x',
          stored: false,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );

  phase('fleet ready');
  // ------------------------------------------------------------------ baseline 1: the broker's raw QoS 1 rate
  const messages = GATEWAYS * 7; // one instruction and six status steps per gateway
  const sub = await mqtt.connectAsync(LOAD_URL, {
    clientId: `bench-raw-sub-${process.pid}`,
    protocolVersion: 5,
  });
  const pub = await mqtt.connectAsync(LOAD_URL, {
    clientId: `bench-raw-pub-${process.pid}`,
    protocolVersion: 5,
  });
  let received = 0;
  sub.on('message', () => received++);
  await sub.subscribeAsync(`bench/${prefix}/#`, { qos: 1 });
  const r0 = performance.now();
  for (let i = 0; i < messages; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, messages - i) }, (_, j) =>
        pub.publishAsync(
          `bench/${prefix}/${(i + j) % GATEWAYS}`,
          '{"v":1,"step":"installing","rolloutId":"1","version":"1.1.0","ts":"2026-01-01T00:00:00.000Z"}',
          { qos: 1 },
        ),
      ),
    );
  }
  while (received < messages && performance.now() - r0 < 60_000) await new Promise((r) => setTimeout(r, 20));
  const rawRate = received / ((performance.now() - r0) / 1000);
  await Promise.all([sub.endAsync(), pub.endAsync()]);

  phase('broker baseline done');
  // ------------------------------------------------------------------ baseline 2: the least a tracker writes
  await db.schema
    .createTable('bench_final_state')
    .addColumn('gateway_id', 'bigint', (c) => c.primaryKey())
    .addColumn('state', 'varchar(16)')
    .addColumn('at', sql`datetime(3)`)
    .execute();
  resetLoad();
  const b0 = performance.now();
  for (let i = 0; i < GATEWAYS; i += 1000) {
    await db
      .insertInto('bench_final_state' as never)
      .values(
        gatewayIds
          .slice(i, i + 1000)
          .map((id) => ({ gateway_id: id, state: 'healthy', at: new Date() })) as never,
      )
      .execute();
  }
  const baselineDb = { wallMs: performance.now() - b0, statements: statements(), dbMs: load.ms };
  // and what tracking every step costs without batching: one UPDATE per status message, 10 at a time
  resetLoad();
  const n0 = performance.now();
  const naive = GATEWAYS * 6;
  for (let i = 0; i < naive; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, naive - i) }, (_, j) =>
        db
          .updateTable('bench_final_state' as never)
          .set({ state: 'installing', at: new Date() } as never)
          .where('gateway_id' as never, '=', gatewayIds[(i + j) % GATEWAYS] as never)
          .execute(),
      ),
    );
  }
  const naiveBaseline = { wallMs: performance.now() - n0, statements: statements(), dbMs: load.ms };

  phase('database baselines done');
  // ------------------------------------------------------------------ the rollout
  const logger = createLogger({ name: 'bench', level: 'error' });
  const ingest = await startIngest({
    db,
    redis,
    logger,
    redisPrefix: prefix,
    mqttUrl: MQTT_URL,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: `b${randomBytes(3).toString('hex')}`,
    clientId: `bench-ingest-${randomBytes(3).toString('hex')}`,
  });
  standins = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'rollout-standins.ts'), LOAD_URL, '8', standinFile, String(GATEWAYS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => standins!.stdout!.once('data', () => resolve()));
  const seen = () => (ingest.stats() as { received: { state: number } }).received.state;
  while (seen() < GATEWAYS) await new Promise((r) => setTimeout(r, 50));
  // and the ingest has written every one of them (its state writes would otherwise queue in front of the rollout's)
  const stored = async () =>
    Number(
      (
        await db
          .selectFrom('gateways')
          .select(sql<number>`count(*)`.as('n'))
          .where('uptime_s', '=', 100)
          .executeTakeFirstOrThrow()
      ).n,
    );
  while ((await stored()) < GATEWAYS) await new Promise((r) => setTimeout(r, 100));
  phase('stand-ins online');
  const link = connectGatewayLink({
    url: MQTT_URL,
    ...broker.users.worker,
    clientId: `bench-rollouts-${process.pid}`,
  });
  while (!link.client.connected) await new Promise((r) => setTimeout(r, 20));
  const clock = { now: () => new Date() };
  const deps = { db, redis, jobs, clock, publicUrl: 'http://localhost', redisPrefix: prefix };
  const engine = new RolloutEngine({ db, redis, redisPrefix: prefix, clock, link, logger });
  const service = new RolloutService(deps);

  resetLoad();
  const c0 = performance.now();
  const created = await service.create(systemActor('bench'), {
    name: 'bench',
    releaseId: release,
    waves: '1,10,50,100',
    soakMinutes: 0,
    ratePerMinute: RATE,
    maxFailurePct: 5,
  });
  const createMs = performance.now() - c0;
  const createStatements = statements();
  resetLoad();
  const started = performance.now();
  const steps: Array<{ ms: number; dispatched: number; event: string; wave: number }> = [];
  for (;;) {
    const wave = await db
      .selectFrom('rollouts')
      .select(['current_wave', 'status'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    if (wave.status !== 'running') break;
    const s0 = performance.now();
    const r = await engine.step(created.id);
    steps.push({
      ms: performance.now() - s0,
      dispatched: r.dispatched,
      event: r.event,
      wave: wave.current_wave,
    });
    if (process.env.BENCH_DEBUG)
      phase(
        `step ${steps.length} wave ${wave.current_wave} ${JSON.stringify(r)} ${Math.round(performance.now() - s0)} ms ${JSON.stringify(
          await db
            .selectFrom('rollout_targets')
            .select(['state', sql<number>`count(*)`.as('n')])
            .where('rollout_id', '=', created.id)
            .groupBy('state')
            .execute(),
        )}`,
      );
    if (performance.now() - started > 600_000) throw new Error('rollout did not finish in 10 minutes');
    await new Promise((r2) => setTimeout(r2, 250));
  }
  const totalMs = performance.now() - started;
  phase('rollout done');
  const rolloutLoad = { ...load, statements: statements() };
  const ingestStats = ingest.stats() as {
    ota: { applied: number; ignored: number; batches: number; flushed: number };
  };
  standins.kill('SIGTERM');
  await new Promise((r) => standins!.once('exit', r));
  standins = null;
  const standinCounts = JSON.parse(readFileSync(standinFile, 'utf8')) as {
    instructions: number;
    statuses: number;
  };
  await ingest.stop();
  await link.close();

  const log = await db
    .selectFrom('rollout_log')
    .select(['step', 'at', 'detail'])
    .where('rollout_id', '=', created.id)
    .where('gateway_id', 'is', null)
    .orderBy('id')
    .execute();
  const waves = await db
    .selectFrom('rollout_waves')
    .selectAll()
    .where('rollout_id', '=', created.id)
    .orderBy('wave_no')
    .execute();
  const final = await db
    .selectFrom('rollout_targets')
    .select(['state', sql<number>`count(*)`.as('n')])
    .where('rollout_id', '=', created.id)
    .groupBy('state')
    .execute();

  out(
    `\nrollout to ${fmt(GATEWAYS)} gateways (stand-ins answering with 6 status steps each), waves 1/10/50/100 %, soak 0, ${fmt(RATE)} gateways/min, events ${fmt(GATEWAYS * EVENTS_PER_SITE)} in the table`,
  );
  out(
    `final states: ${final.map((f) => `${f.state} ${fmt(Number(f.n))}`).join(', ')}; stand-ins got ${fmt(standinCounts.instructions)} instructions, sent ${fmt(standinCounts.statuses)} statuses; ota sink applied ${fmt(ingestStats.ota.applied)}, ignored ${fmt(ingestStats.ota.ignored)} in ${fmt(ingestStats.ota.batches)} batches`,
  );
  out(
    `create (resolve ${fmt(GATEWAYS)} targets, assign waves, insert rows): ${fmt(createMs)} ms, ${fmt(createStatements)} statements`,
  );
  out(
    `${'wave'.padEnd(6)}${'gateways'.padStart(9)}${'start→all answered (ms)'.padStart(25)}${'engine steps'.padStart(14)}${'step p50/max ms'.padStart(18)}${'gate step (ms)'.padStart(16)}`,
  );
  for (const w of waves) {
    const start = log.find((l) => l.step === 'wave.start' && l.detail?.startsWith(`wave ${w.wave_no + 1}:`));
    const soak = log.find((l) => l.step === 'wave.soak' && l.detail?.startsWith(`wave ${w.wave_no + 1} `));
    const ws = steps.filter((s) => s.wave === w.wave_no);
    const gate = ws.find(
      (s) => s.event === 'wave_passed' || s.event === 'completed' || s.event === 'wave_failed',
    );
    const through = start && soak ? soak.at.getTime() - start.at.getTime() : Number.NaN;
    const ms = ws.map((s) => s.ms);
    out(
      `${String(w.wave_no + 1).padEnd(6)}${fmt(w.target_count).padStart(9)}${fmt(through).padStart(25)}${String(ws.length).padStart(14)}${`${fmt(pct(ms, 0.5))}/${fmt(Math.max(...ms))}`.padStart(18)}${fmt(gate?.ms ?? Number.NaN).padStart(16)}`,
    );
  }
  const rolloutMessages = standinCounts.instructions + standinCounts.statuses;
  const stepMs = steps.map((s) => s.ms);
  out(
    `whole rollout: ${fmt(totalMs / 1000, 1)} s wall (ticks every 250 ms); engine ${fmt(stepMs.reduce((a, b) => a + b, 0))} ms in ${steps.length} steps (p50 ${fmt(pct(stepMs, 0.5))} ms, p99 ${fmt(pct(stepMs, 0.99))} ms, max ${fmt(Math.max(...stepMs))} ms)`,
  );
  out(
    `broker: ${fmt(rolloutMessages)} messages (${fmt(rolloutMessages / (totalMs / 1000))} msg/s averaged over the rollout) = ${(rolloutMessages / GATEWAYS).toFixed(1)} per gateway; raw QoS 1 publish→receive in the same run: ${fmt(rawRate)} msg/s → the rollout used ${((rolloutMessages / (totalMs / 1000) / rawRate) * 100).toFixed(1)} % of it on average`,
  );
  out(
    `database, the rollout's own statements (engine, service, ota sink): ${fmt(rolloutLoad.statements)} (${fmt(rolloutLoad.select)} select, ${fmt(rolloutLoad.insert)} insert/upsert, ${fmt(rolloutLoad.update)} update) = ${(rolloutLoad.statements / GATEWAYS).toFixed(2)} per gateway; ${fmt(rolloutLoad.ms)} ms statement time incl. pool wait (${(rolloutLoad.ms / GATEWAYS).toFixed(2)} ms per gateway)`,
  );
  out(
    `baselines in the same run (same counting): each gateway's final state written once, 1,000 per statement: ${fmt(baselineDb.statements)} statements, ${fmt(baselineDb.dbMs)} ms statement time (${fmt(baselineDb.wallMs)} ms wall); every status as its own UPDATE, 10 in parallel: ${fmt(naiveBaseline.statements)} statements, ${fmt(naiveBaseline.dbMs)} ms statement time (${fmt(naiveBaseline.wallMs)} ms wall)`,
  );
} finally {
  standins?.kill('SIGKILL');
  rmSync(standinFile, { force: true });
  const left = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < left.length; i += 1000) await redis.del(...left.slice(i, i + 1000));
  await jobs.close();
  await redis.quit();
  await db.destroy();
  await t.drop();
  await broker.close();
}
