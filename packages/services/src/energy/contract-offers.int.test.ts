import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { contractOffers } from './comparison';

let h: ServiceHarness;
let w: World;

beforeAll(async () => {
  h = await createServiceHarness('offers');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const dayNight = {
  kind: 'dayNight',
  fixedEurPerYear: '50,00',
  dayEurPerKwh: '0,148',
  nightEurPerKwh: '0,11',
  exportEurPerKwh: '0,03',
};

describe('the contract offers staff keep (decision 303)', () => {
  it('admins add, change and retire one, audited; support reads; nobody else; homes compare only the current ones', async () => {
    const admin = await w.actor(w.users.admin);
    const support = await w.actor(w.users.support);
    const { id } = await h.services.contractOffers.save(admin, {
      name: 'Dag/nacht vast',
      contract: dayNight,
    });
    expect((await h.services.contractOffers.list(support)).offers).toEqual([
      expect.objectContaining({
        id,
        name: 'Dag/nacht vast',
        contract: expect.objectContaining({
          kind: 'dayNight',
          dayEurPerKwh: '0.148',
          nightEurPerKwh: '0.11',
        }),
      }),
    ]);
    expect((await h.services.contractOffers.list(support)).canEdit).toBe(false);
    expect((await h.services.contractOffers.list(admin)).canEdit).toBe(true);
    // the same name again changes that offer: another kind, other prices
    const again = await h.services.contractOffers.save(admin, {
      name: 'Dag/nacht vast',
      contract: { kind: 'single', fixedEurPerYear: '40', importEurPerKwh: '0.135', exportEurPerKwh: '0.03' },
    });
    expect(again.id).toBe(id);
    expect((await contractOffers(h.testDb.db, false)).map((o) => [o.name, o.contract.kind])).toEqual([
      ['Dag/nacht vast', 'single'],
    ]);
    // a price that is not one is refused next to its field, and nothing changes
    await expect(
      h.services.contractOffers.save(admin, {
        name: 'Kapot',
        contract: { ...dayNight, nightEurPerKwh: 'gratis' },
      }),
    ).rejects.toMatchObject({ fieldErrors: { 'contract.nightEurPerKwh': { key: 'bill.field.price' } } });
    // support, fleet, installers and homeowners may not change them; only staff who read rates read them
    for (const who of [w.users.support, w.users.fleet, w.users.instAAdmin, w.users.ownerA]) {
      const actor = await w.actor(who);
      await expect(
        h.services.contractOffers.save(actor, { name: 'Van iemand anders', contract: dayNight }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(h.services.contractOffers.retire(actor, { offerId: id })).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    for (const who of [w.users.fleet, w.users.instAAdmin, w.users.ownerA])
      await expect(h.services.contractOffers.list(await w.actor(who))).rejects.toMatchObject({
        code: 'forbidden',
      });
    // retired: gone from the list and from every home's comparison; twice is not found
    await h.services.contractOffers.retire(admin, { offerId: id });
    expect((await h.services.contractOffers.list(admin)).offers).toEqual([]);
    expect(await contractOffers(h.testDb.db, true)).toEqual([]);
    await expect(h.services.contractOffers.retire(admin, { offerId: id })).rejects.toMatchObject({
      code: 'not_found',
    });
    // saved again under its name, it is back
    await h.services.contractOffers.save(admin, { name: 'Dag/nacht vast', contract: dayNight });
    expect((await contractOffers(h.testDb.db, false)).map((o) => o.id)).toEqual([String(id)]);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'contract_offer')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'contract_offer.save',
      'contract_offer.save',
      'contract_offer.retire',
      'contract_offer.save',
    ]);
  });

  it("keeps a variable offer's monthly prices when staff save it again from the form, which has none", async () => {
    const admin = await w.actor(w.users.admin);
    const { id } = await h.services.contractOffers.save(admin, {
      name: 'Variabel (maandprijzen)',
      contract: { kind: 'variable', fixedEurPerYear: '45', monthlyEurPerKwh: {}, exportEurPerKwh: '0,025' },
    });
    await h.testDb.db
      .updateTable('contract_offers')
      .set({
        terms: JSON.stringify({
          fixedEurPerYear: '45',
          monthlyEurPerKwh: { '2026-10': '0.13', '2026-11': '0.14' },
          exportEurPerKwh: '0.025',
        }),
      })
      .where('id', '=', id)
      .execute();
    await h.services.contractOffers.save(admin, {
      name: 'Variabel (maandprijzen)',
      contract: { kind: 'variable', fixedEurPerYear: '50', monthlyEurPerKwh: {}, exportEurPerKwh: '0,03' },
    });
    const saved = (await h.services.contractOffers.list(admin)).offers.find((o) => o.id === id);
    expect(saved?.contract).toMatchObject({
      fixedEurPerYear: '50',
      exportEurPerKwh: '0.03',
      monthlyEurPerKwh: { '2026-10': '0.13', '2026-11': '0.14' },
    });
  });
});
