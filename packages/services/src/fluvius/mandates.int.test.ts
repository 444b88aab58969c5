import { computeCheckDigit } from '@ilumen/fluvius/ean';
import { addDays, brusselsDayWindow, brusselsLocalDate } from '@ilumen/fluvius/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentAtFluvius, type MandateHarness, startMandateHarness } from './testing';

let h: MandateHarness;

beforeAll(async () => {
  h = await startMandateHarness('mandates', { settings: { historyDays: 12 } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** A valid electricity EAN of our own making (Fluvius prefix, running number, GS1 check digit). */
function ean(n: number): string {
  const data = `5414488209${String(n).padStart(7, '0')}`;
  return `${data}${computeCheckDigit(data)}`;
}

const refOf = (returnUrl: string) => new URL(returnUrl).searchParams.get('ref')!;

async function notificationsOf(userId: number) {
  return (await h.services.notifications.list(await h.world.actor(userId))).rows;
}

describe('the EAN form', () => {
  it('gives one clear message per fault, in the order a person fixes them', async () => {
    const owner = await h.world.actor(h.world.users.ownerA);
    const cases: Array<[string, string]> = [
      ['', 'validation.required'],
      ['5414 4882 0052 3771 3X', 'validation.ean.digits'],
      ['54144882005237713', 'validation.ean.length'],
      ['123456789012345678', 'validation.ean.prefix'],
      ['541448820052377135', 'validation.ean.checkDigit'],
    ];
    for (const [input, key] of cases) {
      await expect(h.services.mandates.start(owner, { ean: input })).rejects.toMatchObject({
        code: 'validation',
        fieldErrors: { ean: { key } },
      });
    }
    expect(await h.testDb.db.selectFrom('fluvius_mandates').select('id').execute()).toEqual([]);
  });

  it('decides the site before reading the form: another tenant learns nothing', async () => {
    const strangerInstaller = await h.world.actor(h.world.users.instBAdmin);
    await expect(
      h.services.mandates.start(strangerInstaller, { siteId: h.world.sites.siteA, ean: 'nonsense' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const member = await h.world.actor(h.world.users.memberAll);
    await expect(
      h.services.mandates.start(member, { siteId: h.world.sites.siteA, ean: ean(1) }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('a homeowner’s mandate, from the "+" to synced data', () => {
  it('consent, return, poll, mail and notification, link to the address, history in energy_qh from Fluvius', async () => {
    const owner = await h.world.actor(h.world.users.ownerA);
    const siteEan = '541448820052377134'; // siteA's meter in the test world
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, {
      ean: siteEan.replace(/(\d{4})/g, '$1 '),
    });
    expect(consentUrl).toContain(`${h.simulator.url}/verbruik/dienstverlener?id=`);

    const back = await consentAtFluvius(consentUrl, { ean: siteEan });
    expect(back).toMatch(/^http:\/\/localhost:3000\/fluvius-return\?ref=[0-9a-f]{32}&result=success$/);
    const returned = await h.services.mandates.returned(owner, { ref: refOf(back), result: 'success' });
    expect(returned).toMatchObject({ id: mandateId, status: 'pending', ean: siteEan });
    // Coming back queued a poll of this mandate (the worker runs it; here the sync is called directly).
    expect(await h.jobs.raw('fluvius').getJob(`poll-${mandateId}-return`)).toBeTruthy();

    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'approved', event: 'ready' });
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject.includes('gekoppeld'),
      15_000,
    );
    expect(mail.subject).toBe('Je digitale meter kan gekoppeld worden');
    expect(mail.text).toContain(siteEan);
    expect(mail.text).toContain(`http://localhost:3000/app/mandates?link=${mandateId}`);
    expect((await notificationsOf(h.world.users.ownerA))[0]).toMatchObject({
      kind: 'mandate.ready',
      titleKey: 'notification.mandate.ready.title',
      params: { ean: siteEan },
    });
    // Polling again changes nothing and tells nobody twice.
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'approved', event: null });
    expect(
      (await notificationsOf(h.world.users.ownerA)).filter((n) => n.kind === 'mandate.ready'),
    ).toHaveLength(1);

    const mine = await h.services.mandates.mine(owner);
    expect(mine.targets.map((t) => [t.siteId, t.meterEan])).toEqual([[h.world.sites.siteA, siteEan]]);
    const linked = await h.services.mandates.link(owner, { mandateId, siteId: h.world.sites.siteA });
    expect(linked).toMatchObject({
      status: 'linked',
      siteId: h.world.sites.siteA,
      address: 'Kerkstraat 1, 9000 Gent',
    });
    // The site's existing meter row is used, not a second one.
    const meters = await h.testDb.db
      .selectFrom('meters')
      .select(['site_id', 'ean'])
      .where('ean', '=', siteEan)
      .execute();
    expect(meters).toEqual([{ site_id: h.world.sites.siteA, ean: siteEan }]);
    expect(
      await h.jobs.raw('fluvius').getJob(`backfill-${mandateId}-${brusselsLocalDate(h.clock.now())}`),
    ).toBeTruthy();

    // History: backfilled chunk by chunk as far as the mandate reaches (12 days here), newest first.
    const first = await h.sync.backfill(mandateId);
    expect(first?.done).toBe(true);
    const today = brusselsLocalDate(h.clock.now());
    const yesterday = addDays(today, -1);
    const day = addDays(today, -3);
    const rows = await h.testDb.db
      .selectFrom('energy_qh')
      .select(['ts', 'import_wh', 'export_wh', 'grid_source', 'fl_state'])
      .where('site_id', '=', h.world.sites.siteA)
      .where('ts', '>=', brusselsDayWindow(day).from)
      .where('ts', '<', brusselsDayWindow(day).to)
      .orderBy('ts')
      .execute();
    const served = h.simulator.control.servedDay(siteEan, day);
    expect(rows).toHaveLength(served.length);
    expect(rows.every((r) => r.grid_source === 'fluvius')).toBe(true);
    expect(rows.map((r) => [r.ts.getTime(), r.import_wh, r.export_wh, r.fl_state])).toEqual(
      served.map((q) => [q.start.getTime(), q.servedOfftakeWh, q.servedInjectionWh, q.validationState]),
    );
    const dayRow = await h.testDb.db
      .selectFrom('energy_day')
      .selectAll()
      .where('site_id', '=', h.world.sites.siteA)
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    expect(Number(dayRow.import_wh)).toBe(served.reduce((s, q) => s + q.servedOfftakeWh, 0));
    const mandate = await h.services.mandates.get(owner, { mandateId });
    expect(mandate).toMatchObject({
      backfillDone: true,
      syncedThrough: yesterday,
      historyFrom: addDays(today, -12),
    });
    const days = await h.testDb.db
      .selectFrom('energy_day')
      .select('day')
      .where('site_id', '=', h.world.sites.siteA)
      .orderBy('day')
      .execute();
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 12 }, (_, i) => addDays(today, i - 12)));

    // Tomorrow night's sync takes today, which is then yesterday.
    h.clock.advance(24 * 3600_000);
    h.simulator.control.advanceClock(24 * 3600_000);
    const night = await h.sync.syncMandate(mandateId);
    expect(night).toMatchObject({ days: 1, completeDays: 1 });
    expect((await h.services.mandates.get(owner, { mandateId })).syncedThrough).toBe(today);
    // Nothing left to do the same night.
    expect(await h.sync.syncMandate(mandateId)).toMatchObject({ days: 0 });
  });

  it('another homeowner cannot see, link or cancel it', async () => {
    const [mandate] = (await h.services.mandates.mine(await h.world.actor(h.world.users.ownerA))).mandates;
    const other = await h.world.actor(h.world.users.ownerB);
    await expect(h.services.mandates.get(other, { mandateId: mandate!.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      h.services.mandates.link(other, { mandateId: mandate!.id, siteId: h.world.sites.siteB }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.services.mandates.returned(other, { ref: mandate!.reference })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await h.services.mandates.mine(other)).mandates).toEqual([]);
  });
});

describe('what else Fluvius can say', () => {
  it('refusal in Mijn Fluvius: the owner is told, by mail and in the app', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const code = ean(20);
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean: code });
    const back = await consentAtFluvius(consentUrl, { ean: code, refuse: true });
    expect(back).toContain('result=failed');
    await h.services.mandates.returned(owner, { ref: refOf(back), result: 'failed' });
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'rejected', event: 'rejected' });
    await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject === 'Je mandaat bij Fluvius werd geweigerd',
      15_000,
    );
    expect((await notificationsOf(h.world.users.ownerB))[0]).toMatchObject({
      titleKey: 'notification.mandate.rejected.title',
    });
  });

  it('consent given at Fluvius for another EAN than the one typed: the mandate follows what Fluvius returns, not left waiting', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const typed = ean(60);
    const chosen = ean(61);
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean: typed });
    const back = await consentAtFluvius(consentUrl, { ean: chosen });
    await h.services.mandates.returned(owner, { ref: refOf(back), result: 'success' });
    const polled = await h.sync.pollMandate(mandateId);
    expect(polled?.status).toBe('approved');
    const view = await h.services.mandates.get(owner, { mandateId });
    expect(view).toMatchObject({ ean: chosen, status: 'approved' });
    // nothing is left waiting for the typed EAN
    const open = await h.testDb.db
      .selectFrom('fluvius_mandates')
      .select('id')
      .where('ean', '=', typed)
      .where('status', 'in', ['pending', 'requested'])
      .execute();
    expect(open).toEqual([]);
    // and the homeowner is told which EAN the mandate now follows
    expect(
      (await notificationsOf(h.world.users.ownerB)).find(
        (n) => n.titleKey === 'notification.mandate.eanChanged.title',
      ),
    ).toMatchObject({ params: { ean: chosen, typed } });
  });

  it('not the contract holder: requested until the holder approves', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const code = ean(21);
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean: code });
    const back = await consentAtFluvius(consentUrl, { ean: code, holder: false });
    await h.services.mandates.returned(owner, { ref: refOf(back), result: 'success' });
    expect(await h.sync.pollOpen()).toMatchObject({ failed: 0 });
    expect((await h.services.mandates.get(owner, { mandateId })).status).toBe('requested');
    h.simulator.control.approve(refOf(back));
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'approved', event: 'ready' });
  });

  it('a gas EAN: refused once Fluvius says energy type G, and the form refuses it from then on', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const code = ean(22);
    h.simulator.control.markGas(code);
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean: code });
    await consentAtFluvius(consentUrl, { ean: code });
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'gas', event: 'gas' });
    await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject === 'Deze EAN-code is van een gasaansluiting',
      15_000,
    );
    await expect(h.services.mandates.start(owner, { ean: code })).rejects.toMatchObject({
      fieldErrors: { ean: { key: 'mandate.error.gas' } },
    });
    await expect(
      h.services.mandates.link(owner, { mandateId, siteId: h.world.sites.siteB }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('renewal told once, then expiry', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const code = ean(23);
    const { mandateId, consentUrl } = await h.services.mandates.start(owner, { ean: code });
    const back = await consentAtFluvius(consentUrl, { ean: code });
    await h.sync.pollMandate(mandateId);
    h.simulator.control.setRenewalStatus(refOf(back), 'ToBeRenewed');
    expect(await h.sync.checkApproved()).toMatchObject({ failed: 0 });
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'approved', event: null });
    const renewals = (await notificationsOf(h.world.users.ownerB)).filter(
      (n) => n.titleKey === 'notification.mandate.renewal.title',
    );
    expect(renewals).toHaveLength(1);
    expect(renewals[0]!.params.endsOn).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject === 'Je Fluvius-mandaat loopt binnenkort af',
      15_000,
    );

    h.simulator.control.expire(refOf(back));
    expect(await h.sync.pollMandate(mandateId)).toEqual({ status: 'expired', event: 'expired' });
    await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject === 'Je Fluvius-mandaat is verlopen',
      15_000,
    );
  });

  it('an installer starts it from the site page; the site’s owner is told and the installer links it', async () => {
    const installer = await h.world.actor(h.world.users.instBTech);
    const code = '541448820050357909'; // siteB's meter
    const { mandateId, consentUrl } = await h.services.mandates.start(installer, {
      siteId: h.world.sites.siteB,
      ean: code,
    });
    await consentAtFluvius(consentUrl, { ean: code });
    await h.sync.pollMandate(mandateId);
    expect((await notificationsOf(h.world.users.ownerB))[0]).toMatchObject({
      titleKey: 'notification.mandate.ready.title',
      siteId: h.world.sites.siteB,
    });
    const site = await h.services.mandates.forSite(installer, { siteId: h.world.sites.siteB });
    expect(site.mandates[0]).toMatchObject({
      id: mandateId,
      origin: 'console',
      status: 'approved',
      canAct: true,
    });
    await h.services.mandates.link(installer, { mandateId, siteId: h.world.sites.siteB });
    const fleet = await h.services.mandates.list(await h.world.actor(h.world.users.support), {
      search: code,
    });
    expect(fleet.rows.map((r) => [r.id, r.status, r.organizationName])).toEqual([
      [mandateId, 'linked', 'Dakwerken Peeters'],
    ]);
    // Installer A sees none of installer B's mandates in the fleet list.
    const other = await h.services.mandates.list(await h.world.actor(h.world.users.instAAdmin), {});
    expect(other.rows.some((r) => r.siteId === h.world.sites.siteB)).toBe(false);
  });

  it('an EAN at another organization’s address is neither refused nor revealed; within one organization it is', async () => {
    // Fluvius asks the customer of that EAN for consent; whether another tenant has it is not ours to tell.
    const owner = await h.world.actor(h.world.users.ownerB);
    const started = await h.services.mandates.start(owner, { ean: '541448820052377134' });
    expect(started.consentUrl).toMatch(/^http/);
    const installer = await h.world.actor(h.world.users.instAAdmin);
    await expect(
      h.services.mandates.start(installer, { ean: '541448820052377134', siteId: h.world.sites.siteA2 }),
    ).rejects.toMatchObject({ fieldErrors: { ean: { key: 'mandate.error.eanElsewhere' } } });
    const other = await h.world.actor(h.world.users.instBAdmin);
    const fromB = await h.services.mandates.start(other, {
      ean: '541448820052377134',
      siteId: h.world.sites.siteB,
    });
    expect(fromB.mandateId).not.toBe(started.mandateId);
  });

  it('a second request for an EAN that already has an open one is refused, saying why; once cancelled it may start again', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const first = await h.services.mandates.start(owner, { ean: ean(40) });
    await expect(h.services.mandates.start(owner, { ean: ean(40) })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { ean: { key: 'mandate.error.alreadyPending' } },
    });
    await h.services.mandates.cancel(owner, { mandateId: first.mandateId });
    const again = await h.services.mandates.start(owner, { ean: ean(40) });
    expect(again.mandateId).not.toBe(first.mandateId);
    await h.services.mandates.cancel(owner, { mandateId: again.mandateId });
  });

  it('a request nobody completed is given up; a pending one can be cancelled', async () => {
    const owner = await h.world.actor(h.world.users.ownerB);
    const abandoned = await h.services.mandates.start(owner, { ean: ean(30) });
    const cancelled = await h.services.mandates.start(owner, { ean: ean(31) });
    await h.services.mandates.cancel(owner, { mandateId: cancelled.mandateId });
    h.clock.advance(15 * 24 * 3600_000);
    await h.sync.pollOpen();
    h.clock.advance(-15 * 24 * 3600_000);
    expect((await h.services.mandates.get(owner, { mandateId: abandoned.mandateId })).status).toBe(
      'cancelled',
    );
    await expect(h.services.mandates.cancel(owner, { mandateId: cancelled.mandateId })).rejects.toMatchObject(
      { code: 'conflict' },
    );
  });
});

describe('"Adres toevoegen" for an address not in iLumen yet', () => {
  it('an approved mandate makes the address, with the person as its main user, and links the meter to it', async () => {
    const person = await h.world.actor(h.world.users.stranger);
    const code = ean(70);
    const { mandateId, consentUrl } = await h.services.mandates.start(person, { ean: code });
    const back = await consentAtFluvius(consentUrl, { ean: code });
    await h.services.mandates.returned(person, { ref: refOf(back), result: 'success' });
    expect(await h.sync.pollMandate(mandateId)).toMatchObject({ status: 'approved' });
    // no address to link it to yet
    expect((await h.services.mandates.mine(person)).targets).toEqual([]);

    // bad input: each field says what is wrong, and nothing is made
    await expect(
      h.services.mandates.linkNewAddress(person, {
        mandateId,
        street: '',
        houseNumber: '4',
        postalCode: '90000',
        city: 'Gent',
      }),
    ).rejects.toMatchObject({
      fieldErrors: { street: expect.anything(), postalCode: { key: 'validation.postalCode' } },
    });
    // someone else cannot use it
    await expect(
      h.services.mandates.linkNewAddress(await h.world.actor(h.world.users.ownerB), {
        mandateId,
        street: 'Veldstraat',
        houseNumber: '4',
        postalCode: '9000',
        city: 'Gent',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await h.services.homeowner.sites(person)).toEqual([]);

    const linked = await h.services.mandates.linkNewAddress(person, {
      mandateId,
      street: 'Veldstraat',
      houseNumber: '4',
      postalCode: '9000',
      city: 'Gent',
    });
    expect(linked).toMatchObject({ status: 'linked', address: 'Veldstraat 4, 9000 Gent' });
    const sites = await h.services.homeowner.sites(person);
    expect(sites.map((s) => [s.id, s.role])).toEqual([[linked.siteId, 'owner']]);
    const meters = await h.testDb.db.selectFrom('meters').select('site_id').where('ean', '=', code).execute();
    expect(meters).toEqual([{ site_id: linked.siteId }]);
    // the history is fetched as for any link
    expect(
      await h.jobs.raw('fluvius').getJob(`backfill-${mandateId}-${brusselsLocalDate(h.clock.now())}`),
    ).toBeTruthy();
    // once linked it cannot make a second address
    await expect(
      h.services.mandates.linkNewAddress(person, {
        mandateId,
        street: 'Veldstraat',
        houseNumber: '6',
        postalCode: '9000',
        city: 'Gent',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
