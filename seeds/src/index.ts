import { computeCheckDigit } from '@ilumen/fluvius/ean';
import { type Services, systemActor } from '@ilumen/services';
import { DEMO_PASSWORD, demoEan, demoSites, installers, staff } from './demo-data';

export { DEMO_PASSWORD } from './demo-data';

export interface SeedReport {
  users: number;
  sites: number;
  devices: number;
  created: { users: number; sites: number; devices: number };
}

/**
 * Builds the demo world through the same services the app uses. Re-running finds what exists by its natural key
 * (e-mail, organization name, address, serial) and adds only what is missing.
 */
export async function seedDemo(services: Services): Promise<SeedReport> {
  const sys = systemActor('seeds');
  const db = services.deps.db;
  const created = { users: 0, sites: 0, devices: 0 };

  const operator = await services.organizations.ensureOperator(sys, 'iLumen');
  for (const person of staff) {
    const r = await services.users.provision(sys, { email: person.email, name: person.name, password: DEMO_PASSWORD, membership: { organizationId: operator.id, role: person.role } });
    if (r.created) created.users++;
  }
  const installerIds: number[] = [];
  for (const installer of installers) {
    const org = await services.organizations.ensureInstaller(sys, { name: installer.name, vatNumber: installer.vatNumber, email: installer.email, phone: installer.phone });
    installerIds.push(org.id);
    for (const person of installer.people) {
      const r = await services.users.provision(sys, { email: person.email, name: person.name, password: DEMO_PASSWORD, membership: { organizationId: org.id, role: person.role } });
      if (r.created) created.users++;
    }
  }

  const sites = demoSites(20);
  for (const [index, site] of sites.entries()) {
    const organizationId = installerIds[site.installer]!;
    const existing = await db
      .selectFrom('sites')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('street', '=', site.street)
      .where('house_number', '=', site.houseNumber)
      .where('postal_code', '=', site.postalCode)
      .executeTakeFirst();
    let siteId = existing?.id;
    if (!siteId) {
      siteId = (
        await services.sites.create(sys, {
          organizationId,
          street: site.street,
          houseNumber: site.houseNumber,
          postalCode: site.postalCode,
          city: site.city,
          gridPhases: site.gridPhases,
          mainFuseA: site.mainFuseA,
        })
      ).id;
      created.sites++;
    }
    if (site.owner) {
      const owner = await services.users.provision(sys, { email: site.owner.email, name: site.owner.name, password: DEMO_PASSWORD });
      if (owner.created) created.users++;
      const hasOwner = await db.selectFrom('site_members').select('id').where('site_id', '=', siteId).where('role', '=', 'owner').executeTakeFirst();
      if (!hasOwner) await services.members.provision(sys, { siteId, userId: owner.id, role: 'owner' });
    }
    for (const device of site.devices) {
      const found = await db.selectFrom('devices').select('id').where('type', '=', device.type).where('serial', '=', device.serial).executeTakeFirst();
      if (found) continue;
      await services.devices.create(sys, {
        siteId,
        ...device,
        ean: device.type === 'meter' ? demoEan(index + 1, computeCheckDigit) : undefined,
        activeSince: `2025-${String(1 + (index % 12)).padStart(2, '0')}-01`,
      });
      created.devices++;
    }
  }
  // A shared user on the first address: the manual's "Alle data" and "iLuCharges" scopes.
  const firstSite = await db.selectFrom('sites').select('id').where('street', '=', sites[0]!.street).where('house_number', '=', sites[0]!.houseNumber).executeTakeFirstOrThrow();
  for (const [email, name, scope] of [
    ['partner@example.be', 'Sara Peeters', 'all'],
    ['laadpaal@example.be', 'Kevin Laadpaal', 'chargers'],
  ] as const) {
    const u = await services.users.provision(sys, { email, name, password: DEMO_PASSWORD });
    if (u.created) created.users++;
    const m = await db.selectFrom('site_members').select('id').where('site_id', '=', firstSite.id).where('user_id', '=', u.id).executeTakeFirst();
    if (!m) await services.members.provision(sys, { siteId: firstSite.id, userId: u.id, role: 'member', scope });
  }

  const count = async (table: 'users' | 'sites' | 'devices') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), sites: await count('sites'), devices: await count('devices'), created };
}

/** The logins the README and the demo command print. */
export const DEMO_LOGINS = [
  { role: 'iLumen admin', email: 'admin@ilumen.be' },
  { role: 'iLumen support', email: 'support@ilumen.be' },
  { role: 'iLumen fleet', email: 'fleet@ilumen.be' },
  { role: 'installer admin (Zonnewarmte BV)', email: 'anna@zonnewarmte.be' },
  { role: 'technician (Zonnewarmte BV)', email: 'tom@zonnewarmte.be' },
  { role: 'installer admin (Peeters Energie)', email: 'bart@peeters-energie.be' },
  { role: 'homeowner, two addresses', email: 'jan.peeters@example.be' },
  { role: 'shared user "Alle data"', email: 'partner@example.be' },
  { role: 'shared user "iLuCharges"', email: 'laadpaal@example.be' },
] as const;
