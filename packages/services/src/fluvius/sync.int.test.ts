import { FluviusRetriesExhaustedError, MandateRevokedError } from '@ilumen/fluvius';
import { computeCheckDigit } from '@ilumen/fluvius/ean';
import { createRecordingSleep } from '@ilumen/fluvius/testing';
import { addDays, brusselsDayWindow, brusselsLocalDate, type LocalDate } from '@ilumen/fluvius/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../actor';
import { consentAtFluvius, type MandateHarness, startMandateHarness } from './testing';

let h: MandateHarness;
let owner: UserActor;
const sleep = createRecordingSleep();
const NOW = new Date('2024-11-15T10:00:00Z');

beforeAll(async () => {
  h = await startMandateHarness('mandate_sync', {
    settings: { historyDays: 400 },
    // Retries wait for nothing (the sleep is recorded), so a storm of 429s takes no real time.
    clientDeps: { sleep, random: () => 0 },
    sync: { repairDays: 14 },
  });
  h.clock.set(NOW);
  h.simulator.control.setClock(NOW);
  owner = await h.world.actor(h.world.users.ownerA);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

let n = 100;
/** A linked mandate for a fresh site of ownerA's with a fresh EAN, through the real flow. */
async function linkedMandate(): Promise<{ mandateId: number; ean: string; siteId: number; ref: string }> {
  n++;
  const data = `5414488208${String(n).padStart(7, '0')}`;
  const ean = `${data}${computeCheckDigit(data)}`;
  const site = await h.services.sites.create(h.world.system, {
    organizationId: h.world.orgs.instA,
    street: 'Veldstraat',
    houseNumber: String(n),
    postalCode: '9000',
    city: 'Gent',
    gridPhases: 3,
    mainFuseA: 40,
  });
  await h.services.members.provision(h.world.system, {
    siteId: site.id,
    userId: h.world.users.ownerA,
    role: 'owner',
  });
  const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean });
  const back = await consentAtFluvius(consentUrl, { ean });
  await h.sync.pollMandate(mandateId);
  await h.services.mandates.link(owner, { mandateId, siteId: site.id });
  return { mandateId, ean, siteId: site.id, ref: new URL(back).searchParams.get('ref')! };
}

async function day(siteId: number, date: LocalDate) {
  const window = brusselsDayWindow(date);
  const quarters = await h.testDb.db
    .selectFrom('energy_qh')
    .select(['ts', 'import_wh', 'export_wh', 'fl_state', 'grid_source'])
    .where('site_id', '=', siteId)
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .orderBy('ts')
    .execute();
  const rollup = await h.testDb.db
    .selectFrom('energy_day')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('day', '=', date)
    .executeTakeFirst();
  return { quarters, rollup };
}

describe('clock-change days through the sync', () => {
  it('the spring day has 92 quarters and the autumn day 100, with the served totals', async () => {
    const m = await linkedMandate();
    for (const [date, quarters] of [
      ['2024-03-31', 92],
      ['2024-10-27', 100],
      ['2024-10-28', 96],
    ] as const) {
      const result = await h.sync.syncDays(m.mandateId, date, date);
      expect(result).toMatchObject({ days: 1, completeDays: 1, quarters });
      const served = h.simulator.control.servedDay(m.ean, date);
      const got = await day(m.siteId, date);
      expect(got.quarters).toHaveLength(quarters);
      expect(got.quarters[0]!.ts).toEqual(brusselsDayWindow(date).from);
      expect(got.quarters.every((q) => q.grid_source === 'fluvius')).toBe(true);
      expect(got.rollup).toMatchObject({
        grid_quarters: quarters,
        import_wh: served.reduce((s, q) => s + q.servedOfftakeWh, 0),
        export_wh: served.reduce((s, q) => s + q.servedInjectionWh, 0),
      });
    }
    // Each quarter keeps what the meter's night register counted of it (decision 300): all of it on the night
    // register (before 07:00 and from 22:00 that Monday), nothing on the day register.
    const monday = h.simulator.control.servedDay(m.ean, '2024-10-28');
    const stored = await h.testDb.db
      .selectFrom('energy_qh')
      .select(['fl_import_night_wh'])
      .where('site_id', '=', m.siteId)
      .where('ts', '>=', brusselsDayWindow('2024-10-28').from)
      .where('ts', '<', brusselsDayWindow('2024-10-28').to)
      .orderBy('ts')
      .execute();
    expect(stored.map((q) => q.fl_import_night_wh)).toEqual(
      monday.map((q) => (q.tariff === 'night' ? q.servedOfftakeWh : 0)),
    );
    expect(monday.some((q) => q.tariff === 'day' && q.servedOfftakeWh > 0)).toBe(true);
    // The autumn day's repeated hour: two quarters at each of 02:00–02:45 local, an hour apart in UTC.
    const autumn = (await day(m.siteId, '2024-10-27')).quarters.map((q) => q.ts.toISOString());
    expect(autumn).toContain('2024-10-27T00:00:00.000Z');
    expect(autumn).toContain('2024-10-27T01:00:00.000Z');
  });
});

describe('a storm of 429s', () => {
  it('completes when the storm passes within the retries, waiting as long as Fluvius asks', async () => {
    const m = await linkedMandate();
    h.clock.advance(24 * 3600_000);
    h.simulator.control.advanceClock(24 * 3600_000);
    h.simulator.control.addFault({ kind: 'rate-limit', route: 'energy', times: 4, retryAfterSeconds: 2 });
    sleep.calls.length = 0;
    const result = await h.sync.syncMandate(m.mandateId);
    expect(result).toMatchObject({ days: 1, completeDays: 1, quarters: 96 });
    expect(sleep.calls).toHaveLength(4);
    expect(sleep.calls.every((ms) => ms >= 2000)).toBe(true);
    expect((await h.services.mandates.get(owner, { mandateId: m.mandateId })).syncedThrough).toBe(
      brusselsLocalDate(NOW),
    );
  });

  it('gives up cleanly when it does not pass (nothing half-written, the error kept), and the retry later completes', async () => {
    const m = await linkedMandate();
    h.clock.advance(24 * 3600_000);
    h.simulator.control.advanceClock(24 * 3600_000);
    const yesterday = addDays(brusselsLocalDate(h.clock.now()), -1);
    h.simulator.control.addFault({ kind: 'rate-limit', route: 'energy', times: 100, retryAfterSeconds: 1 });
    const error = await h.sync.syncMandate(m.mandateId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluviusRetriesExhaustedError);
    expect((error as FluviusRetriesExhaustedError).code).toBe('rate_limited');
    const failed = await h.services.mandates.get(owner, { mandateId: m.mandateId });
    expect(failed.lastError).toMatch(/GET Mandate\/energy failed after 6 attempt\(s\); last: HTTP 429/);
    expect(failed.syncedThrough).toBe(addDays(yesterday, -1));
    expect((await day(m.siteId, yesterday)).quarters).toEqual([]);

    h.simulator.control.clearFaults();
    expect(await h.sync.syncMandate(m.mandateId)).toMatchObject({ completeDays: 1 });
    const healed = await h.services.mandates.get(owner, { mandateId: m.mandateId });
    expect(healed).toMatchObject({ lastError: null, syncedThrough: yesterday });
    expect((await day(m.siteId, yesterday)).quarters).toHaveLength(96);
  });
});

describe('a revoked mandate', () => {
  it('stops syncing and tells the owner', async () => {
    const m = await linkedMandate();
    h.clock.advance(24 * 3600_000);
    h.simulator.control.advanceClock(24 * 3600_000);
    h.simulator.control.revoke(m.ref);
    await expect(h.sync.syncMandate(m.mandateId)).rejects.toBeInstanceOf(MandateRevokedError);
    const mandate = await h.services.mandates.get(owner, { mandateId: m.mandateId });
    expect(mandate.status).toBe('revoked');
    await h.sink.waitFor(
      (mail) =>
        mail.to.includes('owner-a@home.test') &&
        mail.subject === 'Je Fluvius-mandaat werd ingetrokken' &&
        mail.text.includes(m.ean),
      15_000,
    );
    const notes = (await h.services.notifications.list(owner)).rows;
    expect(notes[0]).toMatchObject({
      titleKey: 'notification.mandate.revoked.title',
      params: { ean: m.ean },
      siteId: m.siteId,
    });
    // Nothing syncs any more, and the night's plan leaves it out.
    expect(await h.sync.syncMandate(m.mandateId)).toBeNull();
    expect(await h.sync.backfill(m.mandateId)).toBeNull();
    await h.sync.planNight(0);
    expect(
      await h.jobs
        .raw('fluvius')
        .getJob(`sync-${m.mandateId}-${addDays(brusselsLocalDate(h.clock.now()), -1)}`),
    ).toBeUndefined();
  });
});

describe('the night plan and the gap repair', () => {
  it('plans one job per linked mandate, spread over the night, and twice plans nothing more', async () => {
    const queue = h.jobs.raw('fluvius');
    await queue.obliterate({ force: true });
    const { queued } = await h.sync.planNight(4 * 3600_000);
    const again = await h.sync.planNight(4 * 3600_000);
    expect(again.queued).toBe(queued);
    const jobs = await queue.getJobs(['delayed', 'waiting']);
    expect(jobs).toHaveLength(queued);
    const delays = jobs.map((j) => j.opts.delay ?? 0).sort((a, b) => a - b);
    expect(delays[0]).toBe(0);
    expect(delays[delays.length - 1]).toBeLessThan(4 * 3600_000);
    expect(new Set(delays).size).toBe(queued);
  });

  it('fetches again the days whose estimated values should have settled, and the corrected values replace them', async () => {
    const m = await linkedMandate();
    // A recent day with estimated quarters (Fluvius serves them as estimates for a week, then the validated value).
    const today = brusselsLocalDate(h.clock.now());
    let estimatedDay: LocalDate | null = null;
    for (let back = 3; back <= 6 && !estimatedDay; back++) {
      const date = addDays(today, -back);
      if (h.simulator.control.servedDay(m.ean, date).some((q) => q.validationState === 'EST'))
        estimatedDay = date;
    }
    if (!estimatedDay)
      throw new Error('the simulator served no estimate in the days tried; pick another EAN');
    await h.sync.backfill(m.mandateId);
    const before = await day(m.siteId, estimatedDay);
    expect(before.quarters.some((q) => q.fl_state === 'EST')).toBe(true);

    h.clock.advance(7 * 24 * 3600_000);
    h.simulator.control.advanceClock(7 * 24 * 3600_000);
    await h.sync.syncMandate(m.mandateId);
    await h.sync.repairGaps();
    const job = await h.jobs.raw('fluvius').getJob(`gaps-${m.mandateId}-${brusselsLocalDate(h.clock.now())}`);
    expect(job?.data).toMatchObject({ mandateId: m.mandateId });
    expect(job!.data.from <= estimatedDay && estimatedDay <= job!.data.to).toBe(true);
    await h.sync.syncDays(job!.data.mandateId, job!.data.from, job!.data.to);

    const after = await day(m.siteId, estimatedDay);
    const served = h.simulator.control.servedDay(m.ean, estimatedDay);
    expect(after.quarters.every((q) => q.fl_state === 'VAL')).toBe(true);
    expect(after.rollup?.import_wh).toBe(served.reduce((s, q) => s + q.servedOfftakeWh, 0));
    const row = await h.testDb.db
      .selectFrom('fluvius_mandates')
      .selectAll()
      .where('id', '=', m.mandateId)
      .executeTakeFirstOrThrow();
    expect(await h.sync.badDays(row, brusselsLocalDate(h.clock.now()))).not.toContain(estimatedDay);
  });
});
