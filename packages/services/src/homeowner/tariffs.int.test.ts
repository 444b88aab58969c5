import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let w: World;

beforeAll(async () => {
  h = await createServiceHarness('tariffs');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const save = async (
  userId: number,
  importEurPerKwh: string,
  exportEurPerKwh: string,
  siteId = w.sites.siteA,
) => h.services.tariffs.save(await w.actor(userId), { siteId, importEurPerKwh, exportEurPerKwh });

describe('tariffs apply from the next Brussels day', () => {
  it.each([
    ['one second before midnight in winter (CET)', '2026-01-14T22:59:59Z', '2026-01-15'],
    ['at midnight in winter', '2026-01-14T23:00:00Z', '2026-01-16'],
    ['one second before midnight in summer (CEST)', '2026-07-14T21:59:59Z', '2026-07-15'],
    ['at midnight in summer', '2026-07-14T22:00:00Z', '2026-07-16'],
    ['just after midnight on the spring-forward night', '2026-03-28T23:30:00Z', '2026-03-30'],
    ['during the repeated hour of the autumn night', '2026-10-25T00:30:00Z', '2026-10-26'],
    ['the evening before the autumn change', '2026-10-24T21:59:00Z', '2026-10-25'],
  ])('%s', async (_label, at, expected) => {
    h.clock.set(at);
    const { effectiveFrom } = await save(w.users.ownerA, '0,30', '0,05');
    expect(effectiveFrom).toBe(expected);
    const row = await h.testDb.db
      .selectFrom('tariffs')
      .selectAll()
      .where('site_id', '=', w.sites.siteA)
      .where('effective_from', '=', expected)
      .executeTakeFirstOrThrow();
    expect(row.import_eur_per_kwh).toBe('0.30000');
  });
});

describe('who may change them', () => {
  it('only the main user (and an iLumen admin); shared users read, others do not even see the site', async () => {
    h.clock.set('2026-02-01T10:00:00Z');
    await expect(save(w.users.memberAll, '0,30', '0,05')).rejects.toMatchObject({
      code: 'forbidden',
      messageKey: 'tariffs.ownerOnly',
    });
    await expect(save(w.users.memberChargers, '0,30', '0,05')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(save(w.users.instAAdmin, '0,30', '0,05')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(save(w.users.ownerB, '0,30', '0,05')).rejects.toMatchObject({ code: 'not_found' });
    await expect(save(w.users.stranger, '0,30', '0,05')).rejects.toMatchObject({ code: 'not_found' });
    const support = { ...(await w.actor(w.users.support)), readOnly: true };
    await expect(
      h.services.tariffs.save(support, {
        siteId: w.sites.siteA,
        importEurPerKwh: '0,3',
        exportEurPerKwh: '0',
      }),
    ).rejects.toMatchObject({ messageKey: 'error.readOnly' });

    const asMember = await h.services.tariffs.list(await w.actor(w.users.memberAll), {
      siteId: w.sites.siteA,
    });
    expect(asMember.canEdit).toBe(false);
    const asOwner = await h.services.tariffs.list(await w.actor(w.users.ownerA), { siteId: w.sites.siteA });
    expect(asOwner.canEdit).toBe(true);
    await expect(
      h.services.tariffs.list(await w.actor(w.users.memberChargers), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses a foreign site before looking at the numbers', async () => {
    await expect(
      h.services.tariffs.save(await w.actor(w.users.ownerA), {
        siteId: w.sites.siteB,
        importEurPerKwh: 'nonsense',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('prices as people type them', () => {
  it('takes a decimal comma, keeps 5 decimals exactly, refuses more and out-of-range values', async () => {
    h.clock.set('2026-02-02T10:00:00Z');
    await save(w.users.ownerA, ' 0,31234 ', '0.04');
    const row = await h.testDb.db
      .selectFrom('tariffs')
      .selectAll()
      .where('site_id', '=', w.sites.siteA)
      .where('effective_from', '=', '2026-02-03')
      .executeTakeFirstOrThrow();
    expect([row.import_eur_per_kwh, row.export_eur_per_kwh]).toEqual(['0.31234', '0.04000']);
    await expect(save(w.users.ownerA, '0,312345', '0')).rejects.toMatchObject({
      fieldErrors: { importEurPerKwh: { key: 'validation.price' } },
    });
    await expect(save(w.users.ownerA, '31', '0')).rejects.toMatchObject({
      fieldErrors: { importEurPerKwh: { key: 'validation.priceRange' } },
    });
    await expect(save(w.users.ownerA, '0,3', 'abc')).rejects.toMatchObject({
      fieldErrors: { exportEurPerKwh: { key: 'validation.price' } },
    });
    await expect(save(w.users.ownerA, '', '0')).rejects.toMatchObject({
      fieldErrors: { importEurPerKwh: { key: 'validation.required' } },
    });
  });
});

describe('history', () => {
  it('lists every change, newest first, marks one replaced later the same day, and says what applies now and next', async () => {
    const siteId = w.sites.siteA2;
    // Site A2 gets a main user for this test.
    await h.services.members.provision(w.system, { siteId, userId: w.users.ownerB, role: 'owner' });
    h.clock.set('2026-05-01T08:00:00Z');
    await save(w.users.ownerB, '0,28', '0,04', siteId);
    h.clock.set('2026-05-10T08:00:00Z');
    await save(w.users.ownerB, '0,30', '0,05', siteId);
    h.clock.set('2026-05-10T09:00:00Z');
    await save(w.users.ownerB, '0,31', '0,05', siteId);

    const list = await h.services.tariffs.list(await w.actor(w.users.ownerB), { siteId });
    expect(list.history.map((x) => [x.effectiveFrom, x.importEurPerKwh, x.replaced])).toEqual([
      ['2026-05-11', '0.31000', false],
      ['2026-05-11', '0.30000', true],
      ['2026-05-02', '0.28000', false],
    ]);
    expect(list.history[0]?.byName).toBe('Bo Andere');
    expect(list.today).toBe('2026-05-10');
    expect(list.current?.importEurPerKwh).toBe('0.28000');
    expect(list.upcoming).toMatchObject({ effectiveFrom: '2026-05-11', importEurPerKwh: '0.31000' });
    const rows = await h.testDb.db
      .selectFrom('tariffs')
      .select('effective_from')
      .where('site_id', '=', siteId)
      .orderBy('effective_from')
      .execute();
    expect(rows.map((r) => r.effective_from)).toEqual(['2026-05-02', '2026-05-11']);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select('action')
      .where('site_id', '=', siteId)
      .where('action', '=', 'tariff.save')
      .execute();
    expect(audit).toHaveLength(3);
  });
});
