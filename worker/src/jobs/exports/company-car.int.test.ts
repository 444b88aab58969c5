import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyCarStatementsJob } from './company-car.job';

/*
 * The company car charged at home (decision 192), as the employer receives it: the homeowner marks the charger, staff
 * keep the CREG rates, the monthly job makes the statement (PDF and CSV) and mails it; a rate published late gives a
 * correction. Every amount below is a hand computation.
 */

let h: ServiceHarness;
let world: World;
let mailer: Mailer;
let job: ReturnType<typeof companyCarStatementsJob>;
const EMPLOYER = 'fleet@werkgever.test';

beforeAll(async () => {
  h = await createServiceHarness('companycar');
  world = await createWorld(h.services);
  mailer = new Mailer({ smtpUrl: h.sink.smtpUrl, from: 'iLumen <no-reply@ilumen.be>' });
  job = companyCarStatementsJob({
    db: h.testDb.db,
    mailer,
    logger: createLogger({ name: 'company-car-test', level: 'silent' }),
    clock: h.clock,
  });
  const db = h.testDb.db;
  const { siteA } = world.sites;
  const charger = await db
    .selectFrom('devices')
    .select('device_key')
    .where('id', '=', world.devices.chargerA)
    .executeTakeFirstOrThrow();
  const gw = await db
    .insertInto('gateways')
    .values({ serial: 'ILS-CAR00001', site_id: siteA, organization_id: world.orgs.instA, online: true })
    .executeTakeFirstOrThrow();
  const session = (uid: string, start: string, end: string, wh: number) => ({
    site_id: siteA,
    device_id: world.devices.chargerA,
    charger_key: charger.device_key,
    session_uid: uid,
    mode: 'fast' as const,
    started_at: new Date(start),
    ended_at: new Date(end),
    energy_wh: wh,
  });
  await db
    .insertInto('charge_sessions')
    .values([
      // 23:30 on 31 October in Brussels: October's, not on November's statement
      session('oct', '2025-10-31T22:30:00Z', '2025-10-31T23:00:00Z', 4000),
      // 00:30 on 1 November in Brussels
      session('s3', '2025-10-31T23:30:00Z', '2025-11-01T00:15:00Z', 1000),
      session('s1', '2025-11-03T17:00:00Z', '2025-11-03T20:10:00Z', 12_345),
      session('s2', '2025-11-20T06:30:00Z', '2025-11-20T09:00:00Z', 7500),
    ])
    .execute();
  // the charger's own meter at the quarter boundaries around s1
  const counters = (ts: string, seq: number, wh: number) => ({
    site_id: siteA,
    ts: new Date(ts),
    gateway_id: Number(gw.insertId),
    seq,
    counters: JSON.stringify({ chargers: [{ id: charger.device_key, wh }] }),
  });
  await db
    .insertInto('energy_counters')
    .values([counters('2025-11-03T17:00:00Z', 1, 1_000_000), counters('2025-11-03T20:15:00Z', 2, 1_012_345)])
    .execute();
});

afterAll(async () => {
  mailer?.close();
  await h?.close();
});

describe('company car statements', () => {
  it('only the owner marks a charger as a company car', async () => {
    const input = { siteId: world.sites.siteA, deviceId: world.devices.chargerA, employerEmail: EMPLOYER };
    await expect(
      h.services.companyCars.mark(await world.actor(world.users.memberAll), input),
    ).rejects.toMatchObject({
      messageKey: 'companyCar.ownerOnly',
    });
    await expect(
      h.services.companyCars.mark(await world.actor(world.users.ownerB), input),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.companyCars.mark(await world.actor(world.users.ownerA), {
        ...input,
        employerEmail: 'geen-adres',
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    await h.services.companyCars.mark(await world.actor(world.users.ownerA), input);
    const view = await h.services.companyCars.ofSite(await world.actor(world.users.ownerA), {
      siteId: world.sites.siteA,
    });
    expect(view.chargers.find((c) => c.id === world.devices.chargerA)?.companyCar).toEqual({
      employerEmail: EMPLOYER,
      region: 'flanders', // 9000 Gent
      sessions: 'all',
    });
    expect(view.defaultRegion).toBe('flanders');
  });

  it('staff keep the CREG rates; a homeowner may not', async () => {
    const admin = await world.actor(world.users.admin);
    await expect(
      h.services.companyCars.saveRate(await world.actor(world.users.ownerA), {
        region: 'flanders',
        quarter: '2025-Q3',
        eurPerKwh: '0,3456',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.companyCars.saveRate(admin, { region: 'flanders', quarter: '2025-3', eurPerKwh: '0,3456' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await h.services.companyCars.saveRate(admin, {
      region: 'flanders',
      quarter: '2025-Q3',
      eurPerKwh: '0,3456',
    });
    await h.services.companyCars.saveRate(admin, {
      region: 'brussels',
      quarter: '2025-Q4',
      eurPerKwh: '0.3356',
    });
    expect((await h.services.companyCars.rates(admin)).rates.map((r) => r.quarter)).toEqual([
      '2025-Q4',
      '2025-Q3',
    ]);
    // A rate saved by mistake goes again (admins, audited); a homeowner may not, an unknown one is not found.
    await h.services.companyCars.saveRate(admin, {
      region: 'wallonia',
      quarter: '2026-Q1',
      eurPerKwh: '0.9',
    });
    await expect(
      h.services.companyCars.deleteRate(await world.actor(world.users.ownerA), {
        region: 'wallonia',
        quarter: '2026-Q1',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await h.services.companyCars.deleteRate(admin, { region: 'wallonia', quarter: '2026-Q1' });
    await expect(
      h.services.companyCars.deleteRate(admin, { region: 'wallonia', quarter: '2026-Q1' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await h.services.companyCars.rates(admin)).rates.map((r) => r.quarter)).toEqual([
      '2025-Q4',
      '2025-Q3',
    ]);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'creg_rate.delete')
      .execute();
    expect(audit).toEqual([{ action: 'creg_rate.delete', entity_id: 'wallonia@2026-Q1' }]);
  });

  it("mails the month's statement at the latest published rate, then a correction when the quarter's rate comes", async () => {
    // Q4 2025 for Flanders is not published yet: Q3's €0.3456 applies, provisionally
    // November's statement, and October's (the run also looks at the months before, for corrections)
    expect(await job({ month: '2025-11' })).toEqual({ created: 2, sent: 2 });
    const first = await h.sink.waitFor(
      (m) => m.to.includes(EMPLOYER) && m.subject.endsWith('november 2025'),
      15_000,
    );
    expect(first.subject).toBe('Laadoverzicht bedrijfswagen november 2025');
    // 20.845 kWh × €0.3456 = €7.204032
    expect(first.text).toMatch(/Totaal: €\s7,20\./);
    expect(first.attachments.map((a) => a.filename)).toEqual([
      `bedrijfswagen-${world.devices.chargerA}-2025-11.pdf`,
      `bedrijfswagen-${world.devices.chargerA}-2025-11.csv`,
    ]);
    expect(first.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = first.attachments[1]!.content.toString('utf8').slice(1).split('\r\n');
    expect(csv).toEqual([
      'Begin;Einde;kWh (meter laadpaal);Meterstand begin (kWh);Meterstand einde (kWh);Tarief;Kwartaal van het tarief;Bedrag',
      '01/11/2025 00:30;01/11/2025 01:15;1,000;;;0,3456;2025-Q3;0,35',
      '03/11/2025 18:00;03/11/2025 21:10;12,345;1000,000;1012,345;0,3456;2025-Q3;4,27', // 4.266432
      '20/11/2025 07:30;20/11/2025 10:00;7,500;;;0,3456;2025-Q3;2,59', // 2.592
      'Totaal;;20,845;;;0,3456;2025-Q3;7,20',
      '',
    ]);

    // again: nothing new is made or sent
    h.sink.clear();
    expect(await job({ month: '2025-11' })).toEqual({ created: 0, sent: 0 });

    // the CREG publishes Q4: €0.3070 → 20.845 × 0.3070 = €6.399415, €0.80 less
    await h.services.companyCars.saveRate(await world.actor(world.users.admin), {
      region: 'flanders',
      quarter: '2025-Q4',
      eurPerKwh: '0,3070',
    });
    // a correction for November and one for October, both in Q4
    expect(await job({ month: '2025-11' })).toEqual({ created: 2, sent: 2 });
    const correction = await h.sink.waitFor(
      (m) => m.to.includes(EMPLOYER) && m.subject.endsWith('november 2025'),
      15_000,
    );
    expect(correction.subject).toBe('Correctie: laadoverzicht bedrijfswagen november 2025');
    expect(correction.text).toMatch(/Nieuw totaal: €\s6,40\./);
    const lines = correction.attachments[1]!.content.toString('utf8').slice(1).split('\r\n');
    expect(lines[4]).toBe('Totaal;;20,845;;;0,3070;2025-Q4;6,40');
    expect(await job({ month: '2025-11' })).toEqual({ created: 0, sent: 0 });

    // archived: the owner sees both and downloads them; another home's owner cannot
    const owner = await world.actor(world.users.ownerA);
    const view = await h.services.companyCars.ofSite(owner, { siteId: world.sites.siteA });
    expect(
      view.statements.map((s) => [s.month, s.version, s.totalEur, s.differenceEur, s.rateFinal]),
    ).toEqual([
      ['2025-11', 2, '6.40', '-0.80', true],
      ['2025-11', 1, '7.20', null, false],
      // October: 4 kWh × €0.3456 = €1.3824, then × €0.3070 = €1.228
      ['2025-10', 2, '1.23', '-0.15', true],
      ['2025-10', 1, '1.38', null, false],
    ]);
    const file = await h.services.companyCars.file(owner, {
      siteId: world.sites.siteA,
      statementId: view.statements[0]!.id,
      format: 'pdf',
    });
    expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
    await expect(
      h.services.companyCars.file(await world.actor(world.users.ownerB), {
        siteId: world.sites.siteA,
        statementId: view.statements[0]!.id,
        format: 'csv',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it("follows the car's sessions: one marked private leaves the statement, then only the marked ones count", async () => {
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    const idOf = async (uid: string) =>
      (
        await h.testDb.db
          .selectFrom('charge_sessions')
          .select('id')
          .where('session_uid', '=', uid)
          .executeTakeFirstOrThrow()
      ).id;
    // a person who may see the address but is not its owner may not mark; another home's owner finds nothing
    await expect(
      h.services.companyCars.markSession(await world.actor(world.users.memberAll), {
        siteId,
        sessionId: await idOf('s2'),
        companyCar: 'no',
      }),
    ).rejects.toMatchObject({ messageKey: 'companyCar.ownerOnly' });
    await expect(
      h.services.companyCars.markSession(await world.actor(world.users.ownerB), {
        siteId,
        sessionId: await idOf('s2'),
        companyCar: 'no',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    // 20 November was the private car: November is corrected to 13.345 kWh × €0.3070 = €4.096915
    await h.services.companyCars.markSession(owner, {
      siteId,
      sessionId: await idOf('s2'),
      companyCar: 'no',
    });
    h.sink.clear();
    expect(await job({ month: '2025-11' })).toEqual({ created: 1, sent: 1 });
    const corrected = await h.sink.waitFor((m) => m.subject.endsWith('november 2025'), 15_000);
    expect(corrected.text).toMatch(/Nieuw totaal: €\s4,10\./);
    const lines = corrected.attachments[1]!.content.toString('utf8').slice(1).split('\r\n');
    expect(lines.filter((l) => l.startsWith('20/11/2025'))).toEqual([]);
    expect(await job({ month: '2025-11' })).toEqual({ created: 0, sent: 0 });
    // only the sessions marked as the company car: s1 alone, 12.345 kWh × €0.3070 = €3.789915
    await h.services.companyCars.mark(owner, {
      siteId,
      deviceId: world.devices.chargerA,
      employerEmail: EMPLOYER,
      sessions: 'marked',
    });
    await h.services.companyCars.markSession(owner, {
      siteId,
      sessionId: await idOf('s1'),
      companyCar: 'yes',
    });
    expect(await job({ month: '2025-11' })).toEqual({ created: 2, sent: 2 }); // October's session is not marked
    const view = await h.services.companyCars.ofSite(owner, { siteId });
    expect(
      view.statements
        .filter((x) => x.version > 2)
        .map((x) => [x.month, x.version, x.sessions, x.totalEur, x.differenceEur]),
    ).toEqual([
      ['2025-11', 4, 1, '3.79', '-0.31'],
      ['2025-11', 3, 2, '4.10', '-2.30'],
      // October's one session is not marked: a correction to nothing
      ['2025-10', 3, 0, '0.00', '-1.23'],
    ]);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'companyCar.session')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'companyCar.session', entity_id: String(await idOf('s2')) },
      { action: 'companyCar.session', entity_id: String(await idOf('s1')) },
    ]);
  });
});
