import { createFluviusClient, createRequestLimiter, type FluviusClient } from '@ilumen/fluvius';
import { type FluviusSimulator, startFluviusSimulator } from '@ilumen/fluvius/simulator';
import { addDays, brusselsLocalDate } from '@ilumen/fluvius/time';
import { createWorker } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { createServices, MandateSync, type Services } from '@ilumen/services';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  until,
  type World,
} from '@ilumen/services/testing';
import type { Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fluviusHandlers } from './fluvius-handlers';
import { scheduleFluviusJobs } from './fluvius-schedules';

let h: ServiceHarness;
let sim: FluviusSimulator;
let services: Services;
let world: World;
let client: FluviusClient;
let worker: Worker;
let sync: MandateSync;

beforeAll(async () => {
  h = await createServiceHarness('fluvius_jobs');
  sim = await startFluviusSimulator();
  services = createServices(h.services.deps, {
    secureCookies: false,
    fluvius: { access: { config: sim.clientConfig }, settings: { historyDays: 40 } },
  });
  world = await createWorld(services);
  // As in the worker: one client with a shared limiter; short client retries so a storm reaches the job quickly.
  client = createFluviusClient(
    { ...sim.clientConfig, retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 } },
    { limiter: createRequestLimiter({ requestsPerSecond: 200, maxConcurrent: 4 }) },
  );
  sync = new MandateSync({
    db: h.testDb.db,
    jobs: h.jobs,
    clock: h.clock,
    client,
    publicUrl: 'http://localhost:3000',
    settings: { historyDays: 40 },
    chunkDays: 14,
  });
  const logger = createLogger({ name: 'fluvius-test', level: 'silent' });
  worker = createWorker('fluvius', fluviusHandlers({ sync, logger, spreadMs: 500 }), {
    connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
    prefix: h.redisPrefix,
    concurrency: 4,
  });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await client?.close();
  await sim?.close();
  await h?.close();
});

const mandate = (id: number) =>
  h.testDb.db.selectFrom('fluvius_mandates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const jobState = async (id: string) => (await h.jobs.raw('fluvius').getJob(id))?.getState();

/** Mijn Fluvius over HTTP: confirm the request for this EAN. */
async function consent(consentUrl: string, ean: string): Promise<string> {
  const url = new URL(consentUrl);
  const form = new URLSearchParams({ id: url.searchParams.get('id')!, ean, holder: '1', action: 'confirm' });
  const res = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  return res.headers.get('location')!;
}

let linked: { mandateId: number; ref: string };

describe('the fluvius queue in a worker', () => {
  it('carries a mandate from the return page to synced data: poll, mail, backfill chain, night sync', async () => {
    const owner = await world.actor(world.users.ownerA);
    const ean = '541448820052377134';
    const { mandateId, consentUrl } = await services.mandates.start(owner, { ean });
    const back = await consent(consentUrl, ean);
    const ref = new URL(back).searchParams.get('ref')!;
    await services.mandates.returned(owner, { ref, result: 'success' });

    expect(
      (
        await until(
          () => mandate(mandateId),
          (m) => m.status === 'approved',
        )
      ).status,
    ).toBe('approved');
    await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject === 'Je digitale meter kan gekoppeld worden',
      15_000,
    );

    await services.mandates.link(owner, { mandateId, siteId: world.sites.siteA });
    // 40 days of history in chunks of 14: three backfill jobs, one after the other.
    const done = await until(
      () => mandate(mandateId),
      (m) => m.backfill_done_at !== null,
      30_000,
    );
    const today = brusselsLocalDate(h.clock.now());
    expect(done.backfill_before).toBe(addDays(today, -40));
    const days = await h.testDb.db
      .selectFrom('energy_day')
      .select('day')
      .where('site_id', '=', world.sites.siteA)
      .execute();
    expect(days).toHaveLength(40);

    // The next night: the plan queues one sync per linked mandate, and it takes the new day.
    h.clock.advance(24 * 3600_000);
    sim.control.advanceClock(24 * 3600_000);
    await h.jobs.add('fluvius', 'syncNight', {});
    const synced = await until(
      () => mandate(mandateId),
      (m) => m.synced_through === today,
    );
    expect(synced.synced_through).toBe(today);
    expect(await jobState(`sync-${mandateId}-${today}`)).toBe('completed');
    linked = { mandateId, ref };
  });

  it('a storm of 429s fails the job cleanly, and its retry completes once the storm is over', async () => {
    h.clock.advance(24 * 3600_000);
    sim.control.advanceClock(24 * 3600_000);
    const yesterday = addDays(brusselsLocalDate(h.clock.now()), -1);
    sim.control.addFault({ kind: 'rate-limit', route: 'energy', times: 1000, retryAfterSeconds: 0 });
    const jobId = `storm-${linked.mandateId}`;
    await h.jobs.add(
      'fluvius',
      'syncMandate',
      { mandateId: linked.mandateId },
      { jobId, attempts: 3, backoff: { type: 'fixed', delay: 1500 } },
    );
    const waiting = await until(
      () => h.jobs.raw('fluvius').getJob(jobId),
      (j) => (j?.attemptsMade ?? 0) >= 1,
    );
    expect(waiting?.failedReason).toMatch(/HTTP 429/);
    expect(await waiting!.getState()).toBe('delayed');
    const failed = await mandate(linked.mandateId);
    expect(failed.last_error).toMatch(/HTTP 429/);
    expect(failed.synced_through).toBe(addDays(yesterday, -1));

    sim.control.clearFaults();
    expect(
      await until(
        () => jobState(jobId),
        (s) => s === 'completed',
      ),
    ).toBe('completed');
    expect(await mandate(linked.mandateId)).toMatchObject({ synced_through: yesterday, last_error: null });
  });

  it('a revoked mandate fails its job without retries, stops, and tells the owner', async () => {
    h.clock.advance(24 * 3600_000);
    sim.control.advanceClock(24 * 3600_000);
    sim.control.revoke(linked.ref);
    const jobId = `revoked-${linked.mandateId}`;
    await h.jobs.add('fluvius', 'syncMandate', { mandateId: linked.mandateId }, { jobId, attempts: 5 });
    const job = (await until(
      () => h.jobs.raw('fluvius').getJob(jobId),
      (j) => j?.finishedOn !== undefined,
    )) as Job;
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect((await mandate(linked.mandateId)).status).toBe('revoked');
    await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject === 'Je Fluvius-mandaat werd ingetrokken',
      15_000,
    );
  });

  it('upserts its schedules once, whatever the number of starts', async () => {
    const schedule = {
      pollMinutes: 60,
      syncCron: '30 1 * * *',
      checkCron: '0 7 * * *',
      repairCron: '0 14 * * *',
    };
    await scheduleFluviusJobs(h.jobs, schedule);
    await scheduleFluviusJobs(h.jobs, schedule);
    const schedulers = await h.jobs.raw('fluvius').getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.name, s.pattern ?? String(s.every), s.tz ?? null]).sort()).toEqual(
      [
        ['fluvius-check-approved', 'checkApproved', '0 7 * * *', 'Europe/Brussels'],
        ['fluvius-poll-open', 'pollOpen', '3600000', null],
        ['fluvius-repair-gaps', 'repairGaps', '0 14 * * *', 'Europe/Brussels'],
        ['fluvius-sync-night', 'syncNight', '30 1 * * *', 'Europe/Brussels'],
      ].sort(),
    );
  });
});
