import { randomUUID } from 'node:crypto';
import {
  digestOf,
  generateSigningKeys,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { codedText, translator } from '@ilumen/i18n';
import { type OtaPayload, type OtaStatusPayload, otaPayloadSchema, parseTopic } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayLink } from '../../deps';
import { liveKeys } from '../../energy/live';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../../testing';
import { FirmwareReleaseService } from '../releases/releases';
import { RolloutEngine } from './engine';
import { applyOtaStatuses } from './status';

/*
 * The rollout engine against stand-in gateways: the `ota` instructions it publishes are recorded, and the test answers
 * them with `ota/status` steps as a gateway would, through the same function the ingest uses. Time is the harness's
 * clock, moved by hand; nothing sleeps.
 */

let h: ServiceHarness;
let w: World;
let engine: RolloutEngine;
let releaseId: number;
const N = 40;
const gateways: Array<{ id: number; serial: string; siteId: number }> = [];
const sent: Array<{ serial: string; payload: OtaPayload; at: Date }> = [];
let linkUp = true;

const link: GatewayLink = {
  async publish(topic, payload) {
    if (!linkUp) throw new Error('broker away');
    const t = parseTopic(topic);
    if (t?.kind !== 'ota') throw new Error(`unexpected topic ${topic}`);
    sent.push({ serial: t.serial, payload: otaPayloadSchema.parse(JSON.parse(payload)), at: h.clock.now() });
  },
};

beforeAll(async () => {
  h = await createServiceHarness('rollouts');
  w = await createWorld(h.services);
  const db = h.testDb.db;
  for (let i = 0; i < N; i++) {
    const org = i % 2 === 0 ? w.orgs.instA : w.orgs.instB;
    const site = await db
      .insertInto('sites')
      .values({
        organization_id: org,
        street: `Teststraat`,
        house_number: String(i + 1),
        postal_code: '9000',
        city: 'Gent',
      })
      .executeTakeFirstOrThrow();
    const serial = `ILS-RO${String(i).padStart(6, '0')}`;
    const gw = await db
      .insertInto('gateways')
      .values({
        serial,
        site_id: Number(site.insertId),
        organization_id: org,
        online: true,
        firmware_version: i < 30 ? '1.0.0' : '1.2.0',
        hardware_revision: 'SIM',
        last_seen_at: new Date(),
      })
      .executeTakeFirstOrThrow();
    gateways.push({ id: Number(gw.insertId), serial, siteId: Number(site.insertId) });
  }
  const keys = generateSigningKeys();
  const bytes = packArtifact(
    { format: 1, version: '1.5.0', hardwareRevisions: ['SIM'], createdAt: '2026-11-27T10:00:00.000Z' },
    [{ path: 'gateway.mjs', data: Buffer.from('//') }],
  ).bytes;
  const d = await digestOf([bytes]);
  const releases = new FirmwareReleaseService(h.services.deps, {
    store: null,
    publicKey: keys.publicKey,
    downloadBaseUrl: null,
    maxBytes: 1,
  });
  const release = await releases.create(await w.actor(w.users.fleet), {
    version: '1.5.0',
    hardwareRevision: 'SIM',
    url: 'https://fw.example.be/gw-1.5.0.ilfw',
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    signature: signDigest(privateKeyFromPem(keys.privateKeyPem), d.sha256),
  });
  releaseId = release.id;
  engine = new RolloutEngine({ db, redis: h.redis, redisPrefix: h.redisPrefix, clock: h.clock, link });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  sent.length = 0;
  linkUp = true;
  // each test starts with no open rollout and every stand-in back on 1.0.0 / 1.2.0
  await h.testDb.db
    .updateTable('rollouts')
    .set({ status: 'aborted' })
    .where('status', 'in', ['running', 'paused'])
    .execute();
  await h.testDb.db.updateTable('gateways').set({ online: true }).execute();
  for (const [i, g] of gateways.entries())
    await h.testDb.db
      .updateTable('gateways')
      .set({ firmware_version: i < 30 ? '1.0.0' : '1.2.0' })
      .where('id', '=', g.id)
      .execute();
});

const byId = (gatewayId: number) => gateways.find((g) => g.id === gatewayId)!;
const bySerial = (serial: string) => gateways.find((g) => g.serial === serial)!;

/** A stand-in gateway's answer: its steps, in order, as the ingest would hand them over. */
async function answer(
  serial: string,
  rolloutId: string,
  steps: Array<OtaStatusPayload['step']>,
  reason = 'health check failed: no P1 telegram',
) {
  const gw = bySerial(serial);
  const ts = h.clock.now().toISOString();
  const items = steps.map((step) => ({
    gatewayId: gw.id,
    payload: (step === 'downloading'
      ? { v: 1, rolloutId, version: '1.5.0', ts, step, progressPct: 100 }
      : step === 'failed' || step === 'rolled-back'
        ? { v: 1, rolloutId, version: '1.5.0', ts, step, reason }
        : { v: 1, rolloutId, version: '1.5.0', ts, step }) as OtaStatusPayload,
  }));
  await applyOtaStatuses(h.testDb.db, items, h.clock.now());
  if (steps.at(-1) === 'healthy')
    await h.testDb.db
      .updateTable('gateways')
      .set({ firmware_version: '1.5.0' })
      .where('id', '=', gw.id)
      .execute();
}

const OK: Array<OtaStatusPayload['step']> = [
  'downloading',
  'verifying',
  'installing',
  'rebooting',
  'healthy',
];

async function create(input: Record<string, unknown>) {
  const fleet = await w.actor(w.users.fleet);
  return h.services.rollouts.create(fleet, { name: 'test', releaseId, ...input });
}

/** Runs ticks, letting every newly instructed gateway answer with `respond`, moving the clock a minute each time. */
async function drive(
  rolloutId: number,
  respond: (serial: string) => Array<OtaStatusPayload['step']> | null,
  maxTicks = 200,
) {
  const fleet = await w.actor(w.users.fleet);
  let seen = sent.length;
  for (let i = 0; i < maxTicks; i++) {
    await engine.step(rolloutId);
    for (const s of sent.slice(seen)) {
      const steps = respond(s.serial);
      if (steps) await answer(s.serial, s.payload.rolloutId, steps);
    }
    seen = sent.length;
    const r = await h.services.rollouts.get(fleet, { rolloutId });
    if (r.status !== 'running') return r;
    h.clock.advance(60_000);
  }
  return h.services.rollouts.get(fleet, { rolloutId });
}

describe('rollout waves', () => {
  it('goes 1 → 10 → 50 → 100 % at the rate asked, soaking between waves, and completes', async () => {
    h.clock.set('2026-11-27T10:00:00Z');
    const r = await create({
      waves: '1,10,50,100',
      soakMinutes: 30,
      ratePerMinute: 8,
      serials: gateways
        .slice(0, 30)
        .map((g) => g.serial)
        .join('\n'),
    });
    expect(r).toMatchObject({ targets: 30, waves: [1, 2, 12, 15] });
    const done = await drive(r.id, () => OK);
    expect(done.status).toBe('completed');
    expect(done.waves.map((x) => [x.status, x.targets, x.states.healthy])).toEqual([
      ['passed', 1, 1],
      ['passed', 2, 2],
      ['passed', 12, 12],
      ['passed', 15, 15],
    ]);
    // every gateway was told once, with the release's digest and signature
    expect(new Set(sent.map((s) => s.serial)).size).toBe(30);
    expect(sent).toHaveLength(30);
    expect(sent[0]!.payload).toMatchObject({
      rolloutId: String(r.id),
      version: '1.5.0',
      url: 'https://fw.example.be/gw-1.5.0.ilfw',
    });
    // never more than 8 in a minute
    const perMinute = new Map<number, number>();
    for (const s of sent)
      perMinute.set(
        Math.floor(s.at.getTime() / 60_000),
        (perMinute.get(Math.floor(s.at.getTime() / 60_000)) ?? 0) + 1,
      );
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(8);
    // wave 2 started only after wave 1 soaked 30 minutes
    const wave1 = done.waves[0]!;
    const firstOfWave2 = sent[1]!.at.getTime();
    expect(firstOfWave2 - Date.parse(wave1.soakUntil!)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(wave1.soakUntil!) - sent[0]!.at.getTime()).toBeGreaterThanOrEqual(30 * 60_000);
    expect(done.waves[3]!.health).toMatchObject({ healthy: 15, failurePct: 0, passed: true });
  });

  it('pauses itself in the canary wave when gateways roll back, and sends nothing more', async () => {
    h.clock.set('2026-11-28T10:00:00Z');
    const r = await create({ waves: '10,50,100', soakMinutes: 10, ratePerMinute: 100, maxFailurePct: 10 });
    expect(r.waves[0]).toBe(4);
    const canary = new Set<string>();
    const paused = await drive(r.id, (serial) => {
      canary.add(serial);
      return canary.size === 2 ? ['downloading', 'verifying', 'installing', 'rebooting', 'rolled-back'] : OK;
    });
    expect(paused.status).toBe('paused');
    expect(paused.currentWave).toBe(0);
    expect(codedText(translator('en'), paused.pauseReason)).toMatch(/^Wave 1: 1 of 4 gateways failed/);
    expect(codedText(translator('fr'), paused.pauseReason)).toMatch(/^Vague 1 : 1 passerelle sur 4 en échec/);
    expect(sent).toHaveLength(4);
    const before = sent.length;
    h.clock.advance(3600_000);
    await engine.tick();
    expect(sent).toHaveLength(before);
    const targets = await h.services.rollouts.targets(await w.actor(w.users.support), {
      rolloutId: r.id,
      state: 'rolled_back',
    });
    expect(targets.rows).toHaveLength(1);
    expect(targets.rows[0]!.reason).toMatch(/no P1 telegram/);
    const log = await h.services.rollouts.targetLog(await w.actor(w.users.fleet), {
      rolloutId: r.id,
      gatewayId: targets.rows[0]!.gatewayId,
    });
    expect(log.log.map((l) => l.step)).toEqual([
      'sent',
      'downloading',
      'verifying',
      'installing',
      'rebooting',
      'rolled_back',
    ]);

    // resuming accepts the one failure; the rest goes on
    const resumed = await h.services.rollouts.resume(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(resumed.status).toBe('running');
    const done = await drive(r.id, () => OK);
    expect(done.status).toBe('completed');
    expect(done.states).toMatchObject({ healthy: N - 1, rolled_back: 1 });
    const audit = done.audit.map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['rollout.create', 'rollout.resume']));
  });

  it('fails the health gate when the homes look worse after the update, even though the gateways said healthy', async () => {
    h.clock.set('2026-11-29T10:00:00Z');
    const targets = gateways.slice(0, 10);
    const keys = liveKeys(h.redisPrefix);
    const live = (g: (typeof gateways)[number], grid: boolean) =>
      h.redis.set(
        keys.latest(g.siteId),
        JSON.stringify({
          siteId: g.siteId,
          gatewaySerial: g.serial,
          receivedAt: h.clock.now().toISOString(),
          live: {
            v: 1,
            ts: h.clock.now().toISOString(),
            ...(grid ? { grid: { importW: 100, exportW: 0 } } : {}),
          },
        }),
      );
    for (const g of targets) await live(g, true);
    const r = await create({
      waves: '100',
      soakMinutes: 20,
      ratePerMinute: 100,
      maxFailurePct: 10,
      serials: targets.map((g) => g.serial),
    });
    await engine.step(r.id);
    expect(sent).toHaveLength(10);
    for (const s of sent) await answer(s.serial, s.payload.rolloutId, OK);
    await engine.step(r.id);
    expect(
      (await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id })).waves[0]!.status,
    ).toBe('soaking');
    // after the update: two homes lose P1, one throws Modbus errors every minute
    h.clock.advance(5 * 60_000);
    const events = Array.from({ length: 15 }, (_, k) => ({
      site_id: targets[2]!.siteId,
      gateway_id: targets[2]!.id,
      uid: randomUUID(),
      ts: new Date(h.clock.now().getTime() + k * 60_000),
      type: 'modbus.error',
      payload: JSON.stringify({ code: 'timeout', message: 'no answer' }),
    }));
    await h.testDb.db.insertInto('events').values(events).execute();
    h.clock.advance(16 * 60_000);
    for (const [i, g] of targets.entries()) await live(g, i >= 2);
    await engine.step(r.id);
    const got = await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(got.status).toBe('paused');
    expect(got.waves[0]!.status).toBe('failed');
    expect(got.waves[0]!.health).toMatchObject({
      healthy: 10,
      degraded: 3,
      problems: { p1_stopped: 2, modbus_errors: 1 },
      before: { p1Flowing: 10 },
      after: { p1Flowing: 8, modbusErrors: 15 },
      failurePct: 30,
      passed: false,
    });
    expect(codedText(translator('en'), got.pauseReason)).toMatch(/^Health gate failed: wave 1, 30 % failed/);
    const worse = await h.services.rollouts.targets(await w.actor(w.users.fleet), {
      rolloutId: r.id,
      pageSize: 50,
    });
    expect(
      worse.rows
        .filter((t) => t.problems.length > 0)
        .map((t) => t.serial)
        .sort(),
    ).toEqual(
      targets
        .slice(0, 3)
        .map((g) => g.serial)
        .sort(),
    );
  });

  it('times out gateways that never answer or do not come back, and counts them as failures', async () => {
    h.clock.set('2026-11-30T10:00:00Z');
    const r = await create({
      waves: '100',
      soakMinutes: 0,
      ratePerMinute: 100,
      maxFailurePct: 50,
      onlineTimeoutMinutes: 10,
      stepTimeoutMinutes: 5,
      serials: gateways.slice(0, 4).map((g) => g.serial),
    });
    await engine.step(r.id);
    await answer(sent[0]!.serial, String(r.id), OK);
    await answer(sent[1]!.serial, String(r.id), ['downloading', 'verifying', 'installing', 'rebooting']);
    h.clock.advance(6 * 60_000);
    await engine.step(r.id);
    let got = await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(got.states).toMatchObject({ healthy: 1, rebooting: 1, timed_out: 2 });
    h.clock.advance(5 * 60_000);
    await engine.step(r.id);
    got = await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(got.states).toMatchObject({ healthy: 1, timed_out: 3 });
    // 3 of 4 failed: over the 50 % threshold
    expect(got.status).toBe('paused');
    // a late "healthy" from a gateway we gave up on still counts
    await answer(sent[1]!.serial, String(r.id), ['healthy']);
    const t = await h.services.rollouts.targets(await w.actor(w.users.fleet), {
      rolloutId: r.id,
      state: 'healthy',
    });
    expect(t.total).toBe(2);
  });

  it('keeps to the maintenance window in Brussels time', async () => {
    h.clock.set('2026-12-01T12:00:00Z'); // 13:00 in Brussels
    const r = await create({
      waves: '100',
      soakMinutes: 0,
      ratePerMinute: 100,
      windowFrom: '01:00',
      windowTo: '05:00',
      serials: gateways.slice(0, 3).map((g) => g.serial),
    });
    for (let i = 0; i < 11; i++) {
      await engine.step(r.id);
      h.clock.advance(60 * 60_000);
    }
    expect(sent).toHaveLength(0); // 13:00 … 23:00
    h.clock.set('2026-12-01T23:59:00Z'); // 00:59
    await engine.step(r.id);
    expect(sent).toHaveLength(0);
    h.clock.set('2026-12-02T00:00:00Z'); // 01:00
    await engine.step(r.id);
    expect(sent).toHaveLength(3);
    expect(sent.every((s) => s.at.toISOString() === '2026-12-02T00:00:00.000Z')).toBe(true);
  });

  it('waits for offline gateways, retries what the broker refused, and stops new installs on abort', async () => {
    h.clock.set('2026-12-03T10:00:00Z');
    const some = gateways.slice(0, 6);
    await h.testDb.db.updateTable('gateways').set({ online: false }).where('id', '=', some[0]!.id).execute();
    const r = await create({
      waves: '50,100',
      soakMinutes: 60,
      ratePerMinute: 12,
      serials: some.map((g) => g.serial),
    });
    linkUp = false;
    await engine.step(r.id);
    expect(sent).toHaveLength(0);
    let got = await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(got.states.pending).toBe(6);
    linkUp = true;
    h.clock.advance(60_000);
    await engine.step(r.id);
    expect(sent).toHaveLength(2);
    expect(sent.map((s) => s.serial)).not.toContain(some[0]!.serial);
    const aborted = await h.services.rollouts.abort(await w.actor(w.users.fleet), {
      rolloutId: r.id,
      reason: 'wrong build',
    });
    expect(aborted.status).toBe('aborted');
    expect(aborted.states).toMatchObject({ sent: 2, cancelled: 4 });
    h.clock.advance(60 * 60_000);
    await engine.tick();
    expect(sent).toHaveLength(2);
    await expect(
      h.services.rollouts.resume(await w.actor(w.users.fleet), { rolloutId: r.id }),
    ).rejects.toMatchObject({ messageKey: 'firmware.notPaused' });
    got = await h.services.rollouts.get(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(got.audit[0]).toMatchObject({ action: 'rollout.abort', actorEmail: 'fleet@ilumen.test' });
  });
});

describe('what the rollout page says', () => {
  it('reads "completed with failures" when gateways failed, and a retry sends them the update again', async () => {
    h.clock.set('2026-12-04T10:00:00Z');
    const three = gateways.slice(6, 9);
    const r = await create({
      waves: '100',
      soakMinutes: 0,
      ratePerMinute: 100,
      maxFailurePct: 100,
      serials: three.map((g) => g.serial),
    });
    const failing = new Set([three[0]!.serial, three[1]!.serial]);
    const done = await drive(r.id, (serial) =>
      failing.has(serial) ? ['downloading', 'verifying', 'installing', 'failed'] : OK,
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'completed_with_failures', failed: 2 });
    expect(done.waves[0]).toMatchObject({ status: 'passed', outcome: 'passed_with_failures' });
    const list = await h.services.rollouts.list(await w.actor(w.users.support));
    expect(list.find((x) => x.id === r.id)?.outcome).toBe('completed_with_failures');

    await expect(
      h.services.rollouts.retryFailed(await w.actor(w.users.support), { rolloutId: r.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const fleet = await w.actor(w.users.fleet);
    expect(await h.services.rollouts.retryFailed(fleet, { rolloutId: r.id })).toEqual({ retried: 2 });
    const again = await h.services.rollouts.get(fleet, { rolloutId: r.id });
    expect(again).toMatchObject({
      status: 'running',
      outcome: 'running',
      states: { pending: 2, healthy: 1 },
    });
    expect(again.audit[0]).toMatchObject({ action: 'rollout.retry', actorEmail: 'fleet@ilumen.test' });
    sent.length = 0;
    const second = await drive(r.id, () => OK);
    expect(sent.map((s) => s.serial).sort()).toEqual([...failing].sort());
    expect(second).toMatchObject({ status: 'completed', outcome: 'completed', failed: 0 });
    await expect(h.services.rollouts.retryFailed(fleet, { rolloutId: r.id })).rejects.toMatchObject({
      messageKey: 'firmware.nothingToRetry',
    });
  });

  it('shows a wave resumed before its health gate without gate figures (they do not exist yet)', async () => {
    h.clock.set('2026-12-05T10:00:00Z');
    const r = await create({ waves: '10,50,100', soakMinutes: 10, ratePerMinute: 100, maxFailurePct: 10 });
    let first = true;
    const paused = await drive(r.id, () => {
      const steps: Array<OtaStatusPayload['step']> = first ? ['downloading', 'failed'] : OK;
      first = false;
      return steps;
    });
    expect(paused.status).toBe('paused');
    const resumed = await h.services.rollouts.resume(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(resumed.waves[0]!.health).toBeNull();
    expect(resumed.waves[0]!.accepted).toMatchObject({ failures: 1, by: 'fleet@ilumen.test' });
  });

  it('does not call a wave passed when its gateway never updated, and says why each gateway waits', async () => {
    h.clock.set('2026-12-06T10:00:00Z');
    const [offline, online, later] = gateways.slice(9, 12);
    await h.testDb.db.updateTable('gateways').set({ online: false }).where('id', '=', offline!.id).execute();
    const r = await create({
      waves: '50,100',
      soakMinutes: 0,
      ratePerMinute: 100,
      serials: [offline!.serial, online!.serial, later!.serial],
    });
    const fleet = await w.actor(w.users.fleet);
    const rows = async () => (await h.services.rollouts.targets(fleet, { rolloutId: r.id })).rows;
    // before anything is sent: the later wave waits for the first, the offline gateway for itself, the rest for the pace
    for (const t of await rows())
      expect([t.serial, t.waiting]).toEqual([
        t.serial,
        t.waveNo > 0 ? 'previous_wave' : t.serial === offline!.serial ? 'offline' : 'rate_limit',
      ]);
    // the wave holding the offline gateway is let through (nothing reached failed), but does not read as passed
    await drive(r.id, () => OK, 10);
    const got = await h.services.rollouts.get(fleet, { rolloutId: r.id });
    const wave = got.waves.find((x) => x.states.pending === 1)!;
    expect(wave).toMatchObject({ status: 'passed', outcome: 'passed_waiting' });
    expect((await rows()).find((t) => t.serial === offline!.serial)?.waiting).toBe('offline');
  });
});

describe('targeting', () => {
  it('narrows by tenant, current version, tags and serials, and leaves out gateways on the version or in another rollout', async () => {
    const fleet = await w.actor(w.users.fleet);
    await h.services.rollouts.tagSites(fleet, {
      tag: 'pilot',
      siteIds: gateways
        .slice(0, 10)
        .map((g) => g.siteId)
        .join(','),
    });
    expect(await h.services.rollouts.tags(fleet)).toEqual([{ tag: 'pilot', sites: 10 }]);
    const preview = (input: Record<string, unknown>) =>
      h.services.rollouts.preview(fleet, { releaseId, ...input });
    expect(await preview({})).toMatchObject({ targets: N });
    expect(await preview({ organizationIds: [w.orgs.instA] })).toMatchObject({ targets: N / 2 });
    expect(await preview({ versionRange: '>=1.1.0' })).toMatchObject({ targets: 10 });
    expect(await preview({ versionRange: '<1.1.0', tags: 'pilot' })).toMatchObject({ targets: 10 });
    expect(await preview({ tags: 'pilot', organizationIds: String(w.orgs.instB) })).toMatchObject({
      targets: 5,
    });
    expect(await preview({ hardwareRevision: 'B2' })).toMatchObject({ targets: 0 });
    await h.testDb.db
      .updateTable('gateways')
      .set({ firmware_version: '1.5.0' })
      .where('id', '=', gateways[0]!.id)
      .execute();
    const r = await create({ serials: gateways.slice(1, 3).map((g) => g.serial) });
    expect(await preview({ tags: 'pilot' })).toMatchObject({ targets: 7, alreadyOnVersion: 1, busy: 2 });
    await expect(create({ serials: [gateways[0]!.serial] })).rejects.toMatchObject({
      messageKey: 'firmware.noTargets',
    });
    await expect(create({ waves: '50,10,100' })).rejects.toMatchObject({
      fieldErrors: { waves: { key: 'firmware.waves' } },
    });
    await expect(create({ versionRange: 'latest' })).rejects.toMatchObject({
      fieldErrors: { versionRange: { key: 'firmware.versionRange' } },
    });
    await expect(create({ windowFrom: '25:00', windowTo: '05:00' })).rejects.toMatchObject({
      code: 'validation',
    });
    await h.services.rollouts.abort(fleet, { rolloutId: r.id });
  });

  it('is for fleet and admins to change; support reads; installers and homeowners see nothing', async () => {
    for (const u of [w.users.instAAdmin, w.users.instBTech, w.users.ownerA, w.users.memberChargers]) {
      const a = await w.actor(u);
      await expect(h.services.rollouts.list(a)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(h.services.rollouts.create(a, { name: 'x', releaseId })).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(h.services.rollouts.tagSites(a, { tag: 'x', siteIds: '1' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    const support = await w.actor(w.users.support);
    expect((await h.services.rollouts.list(support)).length).toBeGreaterThan(0);
    await expect(h.services.rollouts.create(support, { name: 'x', releaseId })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('status messages', () => {
  it("move targets forward only, once, and only for the rollout's own gateways and version", async () => {
    h.clock.set('2026-12-05T10:00:00Z');
    const r = await create({
      waves: '100',
      soakMinutes: 0,
      ratePerMinute: 100,
      serials: gateways.slice(0, 2).map((g) => g.serial),
    });
    await engine.step(r.id);
    const [a, b] = gateways;
    const ts = h.clock.now().toISOString();
    const at = (gatewayId: number, payload: Record<string, unknown>) => ({
      gatewayId,
      payload: { v: 1, rolloutId: String(r.id), version: '1.5.0', ts, ...payload } as OtaStatusPayload,
    });
    const res = await applyOtaStatuses(
      h.testDb.db,
      [
        at(a!.id, { step: 'installing' }),
        at(a!.id, { step: 'downloading', progressPct: 40 }), // late: ignored
        at(a!.id, { step: 'installing' }), // repeat: ignored
        at(b!.id, { step: 'downloading', progressPct: 40 }),
        at(b!.id, { step: 'downloading', progressPct: 80 }),
        at(b!.id, { step: 'healthy', version: '9.9.9' }), // another version: ignored
        at(gateways[5]!.id, { step: 'healthy' }), // not a target: ignored
        {
          gatewayId: a!.id,
          payload: {
            v: 1,
            rolloutId: 'ro-elsewhere',
            version: '1.5.0',
            ts,
            step: 'healthy',
          } as OtaStatusPayload,
        },
      ],
      h.clock.now(),
    );
    expect(res).toEqual({ applied: 3, ignored: 5 });
    const t = await h.services.rollouts.targets(await w.actor(w.users.fleet), { rolloutId: r.id });
    expect(t.rows.map((x) => [byId(x.gatewayId).serial, x.state, x.progressPct])).toEqual([
      [a!.serial, 'installing', null],
      [b!.serial, 'downloading', 80],
    ]);
    await h.services.rollouts.abort(await w.actor(w.users.fleet), { rolloutId: r.id });
  });
});
