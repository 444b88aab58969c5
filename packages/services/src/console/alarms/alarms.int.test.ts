import { readJson } from '@ilumen/db';
import { alarmText, translator } from '@ilumen/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayKeys } from '../../gateways/keys';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../../testing';
import { AlarmDigest } from './digest';
import { AlarmEvaluator } from './evaluate';

let h: ServiceHarness;
let world: World;
let evaluator: AlarmEvaluator;
let gwA: number;
let gwB: number;
const t0 = new Date('2026-11-27T09:00:00Z');

beforeAll(async () => {
  h = await createServiceHarness('alarms');
  world = await createWorld(h.services);
  h.clock.set(t0);
  const db = h.testDb.db;
  gwA = Number(
    (
      await db
        .insertInto('gateways')
        .values({
          serial: 'ILS-ALARMA01',
          site_id: world.sites.siteA,
          organization_id: world.orgs.instA,
          online: true,
          last_seen_at: t0,
          online_changed_at: t0,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  gwB = Number(
    (
      await db
        .insertInto('gateways')
        .values({
          serial: 'ILS-ALARMB01',
          site_id: world.sites.siteB,
          organization_id: world.orgs.instB,
          online: true,
          last_seen_at: t0,
          online_changed_at: t0,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  await db
    .updateTable('devices')
    .set({ gateway_id: gwA, device_key: 'bat1' })
    .where('id', '=', world.devices.batteryA)
    .execute();
  // Live values with P1 arrive for both sites, so nothing is stale to begin with.
  await fresh(t0);
  evaluator = new AlarmEvaluator({ db, redis: h.redis, redisPrefix: h.redisPrefix, clock: h.clock });
});

afterAll(async () => {
  await h?.close();
});

async function fresh(at: Date) {
  const k = gatewayKeys(h.redisPrefix);
  await h.redis.zadd(k.liveSeen, at.getTime(), world.sites.siteA, at.getTime(), world.sites.siteB);
  await h.redis.zadd(k.p1Seen, at.getTime(), world.sites.siteA, at.getTime(), world.sites.siteB);
}

const open = () =>
  h.testDb.db.selectFrom('alarms').selectAll().where('status', '=', 'open').orderBy('id').execute();
const advance = async (s: number) => {
  h.clock.advance(s * 1000);
  await fresh(h.clock.now());
};

describe('alarms raised and cleared by the evaluation', () => {
  it('raises a device fault after it held a minute, with its code, and clears it only after it has been gone five minutes', async () => {
    const db = h.testDb.db;
    await db
      .updateTable('devices')
      .set({
        status: 'Fout',
        status_code: '101',
        status_text: 'Celtemperatuur van de batterij te hoog',
        status_changed_at: h.clock.now(),
      })
      .where('id', '=', world.devices.batteryA)
      .execute();
    expect((await evaluator.pass()).raised).toBe(0);
    await advance(61);
    expect(await evaluator.pass()).toMatchObject({ raised: 1, cleared: 0 });
    const [alarm] = await open();
    expect(alarm).toMatchObject({
      kind: 'device_fault',
      severity: 'critical',
      code: '101',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      gateway_id: gwA,
      device_id: world.devices.batteryA,
    });
    expect(
      (await db.selectFrom('gateways').select('open_alarms').where('id', '=', gwA).executeTakeFirstOrThrow())
        .open_alarms,
    ).toBe(1);

    // Recovered: the alarm waits before clearing; a relapse inside that time keeps the same alarm.
    await db
      .updateTable('devices')
      .set({ status: 'Standby', status_code: null, status_text: null })
      .where('id', '=', world.devices.batteryA)
      .execute();
    await advance(60);
    await evaluator.pass();
    expect((await open())[0]).toMatchObject({ id: alarm!.id, clear_pending_since: h.clock.now() });
    await advance(120);
    await db
      .updateTable('devices')
      .set({ status: 'Fout', status_code: '101' })
      .where('id', '=', world.devices.batteryA)
      .execute();
    await evaluator.pass();
    expect((await open())[0]).toMatchObject({ id: alarm!.id, clear_pending_since: null });
    await db
      .updateTable('devices')
      .set({ status: 'Standby', status_code: null })
      .where('id', '=', world.devices.batteryA)
      .execute();
    await evaluator.pass();
    await advance(299);
    expect((await evaluator.pass()).cleared).toBe(0);
    await advance(2);
    expect((await evaluator.pass()).cleared).toBe(1);
    expect(await open()).toEqual([]);
    const cleared = await db
      .selectFrom('alarms')
      .selectAll()
      .where('id', '=', alarm!.id)
      .executeTakeFirstOrThrow();
    expect(cleared).toMatchObject({ status: 'cleared', open_key: null });
    expect(
      (await db.selectFrom('gateways').select('open_alarms').where('id', '=', gwA).executeTakeFirstOrThrow())
        .open_alarms,
    ).toBe(0);
  });

  it('raises an offline gateway after ten minutes, stale data without P1, Modbus errors past a count, refused messages and an ended mandate', async () => {
    const db = h.testDb.db;
    const now = () => h.clock.now();
    await db
      .updateTable('gateways')
      .set({ online: false, online_changed_at: now() })
      .where('id', '=', gwB)
      .execute();
    await db
      .updateTable('gateways')
      .set({ online_changed_at: new Date(now().getTime() - 3600_000) })
      .where('id', '=', gwA)
      .execute();
    // Site A: live values keep coming, but without P1 values.
    const k = gatewayKeys(h.redisPrefix);
    await h.redis.zadd(k.p1Seen, now().getTime() - 16 * 60_000, world.sites.siteA);
    for (let i = 0; i < 5; i++) {
      await db
        .insertInto('events')
        .values({
          site_id: world.sites.siteA,
          gateway_id: gwA,
          uid: `00000000-0000-4000-8000-00000000000${i}`,
          ts: now(),
          type: 'modbus.error',
          device_key: 'bat1',
          payload: JSON.stringify({ deviceId: 'bat1', code: 'timeout', message: 'no answer from unit 2' }),
          received_at: now(),
        })
        .execute();
    }
    for (let i = 0; i < 5; i++) {
      await h.redis.lpush(
        k.refused('ILS-ALARMA01'),
        JSON.stringify({
          at: now().toISOString(),
          topic: 'ilumen/v1/gw/ILS-ALARMA01/live',
          reason: 'live: v must be 1',
          sample: '{}',
        }),
      );
    }
    await h.redis.zadd(k.refusedRecent, now().getTime(), 'ILS-ALARMA01');
    await db
      .insertInto('fluvius_mandates')
      .values({
        reference_number: 'ref-ended',
        origin: 'console',
        site_id: world.sites.siteB,
        ean: '541448820050357909',
        status: 'revoked',
        created_at: now(),
        updated_at: now(),
      })
      .execute();

    await evaluator.pass();
    let kinds = (await open()).map((a) => `${a.kind}:${a.code ?? ''}`);
    expect(kinds.sort()).toEqual([
      'data_stale:no_p1',
      'mandate_ended:revoked',
      'modbus_errors:timeout',
      'refused_messages:',
    ]);
    // the error's code travels with the alarm, so the reader sees it in their language, not the gateway's English
    const modbus = (await open()).find((a) => a.kind === 'modbus_errors')!;
    expect(modbus.details).toMatchObject({ errorCode: 'timeout' });
    // the device too: its type is a code, named in the reader's language, never "battery ILB-…" on a Dutch page
    const details = readJson<Record<string, string | number>>(modbus.details)!;
    expect(details).toMatchObject({ deviceType: 'battery', serial: 'ILB-A-0001' });
    expect(alarmText(translator('nl'), { kind: 'modbus_errors', details })).toBe(
      '5 leesfouten in 15 min bij Thuisbatterij (iLubat) ILB-A-0001: Het toestel antwoordt niet (time-out)',
    );
    expect(alarmText(translator('fr'), { kind: 'modbus_errors', details })).toContain(
      'sur Batterie domestique (iLubat) ILB-A-0001',
    );
    // Offline since "now": not an alarm for ten minutes.
    h.clock.advance(9 * 60_000);
    await h.redis.zadd(k.liveSeen, now().getTime(), world.sites.siteA);
    await evaluator.pass();
    expect((await open()).map((a) => a.kind)).not.toContain('gateway_offline');
    h.clock.advance(61_000);
    await h.redis.zadd(k.liveSeen, now().getTime(), world.sites.siteA);
    await evaluator.pass();
    kinds = (await open()).map((a) => a.kind);
    expect(kinds).toContain('gateway_offline');
    const offline = (await open()).find((a) => a.kind === 'gateway_offline')!;
    expect(offline).toMatchObject({
      organization_id: world.orgs.instB,
      gateway_id: gwB,
      severity: 'critical',
    });
  });

  it("shows installers their own tenants' alarms and staff all; acknowledge, assign and comment, audited", async () => {
    const support = await world.actor(world.users.support);
    const instA = await world.actor(world.users.instATech);
    const instB = await world.actor(world.users.instBAdmin);
    const all = await h.services.alarms.list(support, { status: 'open' });
    const mineA = await h.services.alarms.list(instA, { status: 'open' });
    const mineB = await h.services.alarms.list(instB, { status: 'open' });
    expect(all.total).toBe(mineA.total + mineB.total);
    expect(mineA.rows.every((a) => a.organizationName === 'Zonnewarmte BV')).toBe(true);
    expect(mineB.rows.map((a) => a.kind).sort()).toEqual(['gateway_offline', 'mandate_ended']);
    const offline = mineB.rows.find((a) => a.kind === 'gateway_offline')!;
    await expect(h.services.alarms.get(instA, { alarmId: offline.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.services.alarms.acknowledge(instA, { alarmId: offline.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    const owner = await world.actor(world.users.ownerB);
    await expect(h.services.alarms.list(owner, {})).rejects.toMatchObject({ code: 'forbidden' });

    await h.services.alarms.acknowledge(support, { alarmId: offline.id });
    const detail = await h.services.alarms.get(instB, { alarmId: offline.id });
    expect(detail.assignable.map((u) => u.id)).toEqual(
      expect.arrayContaining([world.users.instBAdmin, world.users.instBTech, world.users.support]),
    );
    expect(detail.assignable.map((u) => u.id)).not.toContain(world.users.instATech);
    await expect(
      h.services.alarms.assign(instB, { alarmId: offline.id, assigneeId: world.users.instATech }),
    ).rejects.toMatchObject({ code: 'validation' });
    await h.services.alarms.assign(instB, { alarmId: offline.id, assigneeId: world.users.instBTech });
    await h.services.alarms.comment(instB, {
      alarmId: offline.id,
      body: 'Klant belt morgen terug; router vervangen.',
    });
    const after = await h.services.alarms.get(support, { alarmId: offline.id });
    expect(after.alarm).toMatchObject({
      assignedToUserId: world.users.instBTech,
      assigneeName: 'Bert Peeters',
    });
    expect(after.alarm.acknowledgedAt).not.toBeNull();
    expect(after.comments.map((c) => [c.author, c.body])).toEqual([
      ['Bart Peeters', 'Klant belt morgen terug; router vervangen.'],
    ]);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('entity_type', '=', 'alarm')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['alarm.acknowledge', 'alarm.assign', 'alarm.comment']);
    const filtered = await h.services.alarms.list(instB, { status: 'open', unacknowledged: '1' });
    expect(filtered.rows.map((a) => a.kind)).toEqual(['mandate_ended']);
  });

  it('mails each person a digest of the new alarms they may see, at their frequency, once', async () => {
    const digest = new AlarmDigest({
      db: h.testDb.db,
      jobs: h.jobs,
      clock: h.clock,
      publicUrl: 'http://localhost:3000',
    });
    const instA = await world.actor(world.users.instAAdmin);
    await h.services.alarms.saveSettings(instA, { frequency: 'hourly', minSeverity: 'warning' });
    const support = await world.actor(world.users.support);
    await h.services.alarms.saveSettings(support, { frequency: 'off', minSeverity: 'info' });
    const first = await digest.run();
    expect(first.mailed).toBeGreaterThanOrEqual(3);
    const mail = await h.sink.waitFor((m) => m.to.includes('admin@zonnewarmte.test'), 15_000);
    expect(mail.subject).toMatch(/^\d+ nieuwe alarmen bij iLumen$/);
    expect(mail.text).toContain('Modbus-leesfouten');
    expect(mail.text).toContain('Kerkstraat 1, 9000 Gent');
    expect(mail.text).not.toContain('Stationsplein');
    const toB = await h.sink.waitFor((m) => m.to.includes('admin@peeters.test'), 15_000);
    expect(toB.text).toContain('iLusmart offline');
    expect(toB.text).not.toContain('Kerkstraat');
    expect(h.sink.messages().some((m) => m.to.includes('support@ilumen.test'))).toBe(false);
    expect((await digest.run()).mailed).toBe(0);
  });
});

describe('implausible data (decisions 090, 118)', () => {
  it('raises an alarm for the support desk when a site keeps sending implausible values, and clears it once they stop', async () => {
    const db = h.testDb.db;
    const now = () => h.clock.now();
    const implausible = (i: number) =>
      db
        .insertInto('events')
        .values({
          site_id: world.sites.siteA,
          gateway_id: gwA,
          uid: `00000000-0000-4000-9000-00000000000${i}`,
          ts: now(),
          type: 'data.implausible',
          device_key: null,
          payload: JSON.stringify({
            code: 'over-connection',
            field: 'grid.importW',
            value: 31_337,
            limit: 27_600,
            source: 'live',
          }),
          received_at: now(),
        })
        .execute();
    const mine = async () => (await open()).filter((a) => a.kind === 'implausible_data');
    // one value is a glitch: no alarm
    await implausible(1);
    await evaluator.pass();
    expect(await mine()).toEqual([]);
    await implausible(2);
    await implausible(3);
    await evaluator.pass();
    const [alarm] = await mine();
    expect(alarm).toMatchObject({
      site_id: world.sites.siteA,
      gateway_id: gwA,
      organization_id: world.orgs.instA,
      severity: 'warning',
      code: 'over-connection',
    });
    const support = await world.actor(world.users.support);
    const listed = await h.services.alarms.get(support, { alarmId: alarm!.id });
    expect(listed.alarm.details).toMatchObject({ count: 3, serial: 'ILS-ALARMA01', minutes: 60 });

    // an hour on, none came since: the condition is gone, and the alarm clears only after half an hour more
    h.clock.advance(61 * 60_000);
    await fresh(now());
    await evaluator.pass();
    expect((await mine())[0]).toMatchObject({ id: alarm!.id, clear_pending_since: now() });
    h.clock.advance(29 * 60_000);
    await fresh(now());
    await evaluator.pass();
    expect(await mine()).toHaveLength(1);
    h.clock.advance(2 * 60_000);
    await fresh(now());
    await evaluator.pass();
    expect(await mine()).toEqual([]);
  });
});

describe('resolved by hand', () => {
  it('support or the installer closes an open alarm with a note; audited; a cause still there raises a new alarm', async () => {
    const db = h.testDb.db;
    const support = await world.actor(world.users.support);
    const instA = await world.actor(world.users.instATech);
    const instB = await world.actor(world.users.instBAdmin);
    const owner = await world.actor(world.users.ownerB);
    // gateway B is still offline: its alarm is open
    const offline = (await h.services.alarms.list(support, { status: 'open' })).rows.find(
      (a) => a.kind === 'gateway_offline' && a.gatewayId === gwB,
    )!;
    expect(offline).toBeDefined();
    const countOf = async () =>
      (await db.selectFrom('gateways').select('open_alarms').where('id', '=', gwB).executeTakeFirstOrThrow())
        .open_alarms;
    const countBefore = await countOf();

    // a note is what resolving leaves behind: none, nothing changes
    await expect(h.services.alarms.resolve(instB, { alarmId: offline.id, note: '  ' })).rejects.toMatchObject(
      {
        code: 'validation',
        fieldErrors: { note: expect.anything() },
      },
    );
    // another installer does not see it, a homeowner has no desk
    await expect(h.services.alarms.resolve(instA, { alarmId: offline.id, note: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.services.alarms.resolve(owner, { alarmId: offline.id, note: 'x' })).rejects.toMatchObject({
      code: expect.stringMatching(/forbidden|not_found/),
    });
    expect((await h.services.alarms.get(support, { alarmId: offline.id })).alarm.status).toBe('open');

    await h.services.alarms.resolve(support, { alarmId: offline.id, note: 'Router van de klant vervangen.' });
    const resolved = await h.services.alarms.get(instB, { alarmId: offline.id });
    expect(resolved.alarm).toMatchObject({
      status: 'cleared',
      resolvedBy: 'Sam Support',
      resolution: 'Router van de klant vervangen.',
      clearedAt: h.clock.now(),
    });
    expect(await countOf()).toBe(countBefore - 1);
    await expect(
      h.services.alarms.resolve(support, { alarmId: offline.id, note: 'nog eens' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_email', 'after'])
      .where('entity_type', '=', 'alarm')
      .where('entity_id', '=', String(offline.id))
      .where('action', '=', 'alarm.resolve')
      .execute();
    expect(audit).toHaveLength(1);

    // the box is still offline: the next pass raises a new alarm for it
    await evaluator.pass();
    const again = (await open()).filter((a) => a.kind === 'gateway_offline' && a.gateway_id === gwB);
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(offline.id);
  });
});
