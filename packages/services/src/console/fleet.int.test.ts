import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let world: World;

beforeAll(async () => {
  h = await createServiceHarness('fleet');
  world = await createWorld(h.services);
  const db = h.testDb.db;
  const seen = new Date('2026-11-27T10:00:00Z');
  await db
    .insertInto('gateways')
    .values([
      {
        serial: 'ILS-FLEETA01',
        site_id: world.sites.siteA,
        organization_id: world.orgs.instA,
        firmware_version: '1.5.0',
        online: true,
        last_seen_at: seen,
        open_alarms: 2,
      },
      {
        serial: 'ILS-FLEETA02',
        site_id: world.sites.siteA2,
        organization_id: world.orgs.instA,
        firmware_version: '1.6.0',
        online: false,
        last_seen_at: new Date(seen.getTime() - 3600_000),
      },
      {
        serial: 'ILS-FLEETB01',
        site_id: world.sites.siteB,
        organization_id: world.orgs.instB,
        firmware_version: '1.5.0',
        online: true,
        last_seen_at: seen,
      },
      { serial: 'ILS-SHELFA01', organization_id: world.orgs.instA },
      { serial: 'ILS-SHELF0001' },
    ])
    .execute();
  await db
    .updateTable('devices')
    .set({ status: 'Fout', status_code: '101', status_text: 'Celtemperatuur van de batterij te hoog' })
    .where('id', '=', world.devices.batteryA)
    .execute();
});

afterAll(async () => {
  await h?.close();
});

describe('the fleet tables', () => {
  it('show staff every gateway and installers their own (claimed on their sites, or shipped to them), sorted and filtered', async () => {
    const support = await world.actor(world.users.support);
    const tech = await world.actor(world.users.instATech);
    const all = await h.services.fleet.gateways(support, { sort: 'serial' });
    expect(all.rows.map((g) => g.serial)).toEqual([
      'ILS-FLEETA01',
      'ILS-FLEETA02',
      'ILS-FLEETB01',
      'ILS-SHELF0001',
      'ILS-SHELFA01',
    ]);
    const own = await h.services.fleet.gateways(tech, { sort: 'serial' });
    expect(own.rows.map((g) => g.serial)).toEqual(['ILS-FLEETA01', 'ILS-FLEETA02', 'ILS-SHELFA01']);
    expect(own.rows[0]).toMatchObject({
      address: 'Kerkstraat 1, 9000 Gent',
      organization_name: 'Zonnewarmte BV',
      open_alarms: 2,
    });
    expect(
      (await h.services.fleet.gateways(support, { online: 'offline', claimed: 'yes' })).rows.map(
        (g) => g.serial,
      ),
    ).toEqual(['ILS-FLEETA02']);
    expect(
      (await h.services.fleet.gateways(support, { sort: 'open_alarms', desc: '1', alarms: 'yes' })).rows.map(
        (g) => g.serial,
      ),
    ).toEqual(['ILS-FLEETA01']);
    expect(
      (await h.services.fleet.gateways(support, { firmware: '1.5.0', sort: 'serial', desc: '1' })).rows.map(
        (g) => g.serial,
      ),
    ).toEqual(['ILS-FLEETB01', 'ILS-FLEETA01']);
    expect((await h.services.fleet.gateways(support, { search: 'ils-shelf' })).total).toBe(2);
    const owner = await world.actor(world.users.ownerA);
    await expect(h.services.fleet.gateways(owner, {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('show devices by type and status with the counts per status, and export what the page shows as CSV', async () => {
    const tech = await world.actor(world.users.instATech);
    const faults = await h.services.fleet.devices(tech, { status: 'Fout' });
    expect(faults.rows.map((d) => [d.serial, d.status_code])).toEqual([['ILB-A-0001', '101']]);
    expect(faults.statuses).toEqual(expect.arrayContaining([{ status: 'Fout', count: 1 }]));
    const batteries = await h.services.fleet.devices(tech, { type: 'battery' });
    expect(batteries.rows.map((d) => d.serial)).toEqual(['ILB-A-0001']);
    const csv = await read(h.services.fleet.exportCsv(tech, { view: 'devices', type: 'battery' }, 'nl'));
    const lines = csv.replace('\ufeff', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Type;Fabrikant;Model;Serienummer;Status;Foutcode;Fouttekst;Status sinds;iLusmart;Adres;Installateur',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^Thuisbatterij \(iLubat\);;Model battery;ILB-A-0001;Fout;101;Celtemperatuur van de batterij te hoog;;;Kerkstraat 1, 9000 Gent;Zonnewarmte BV$/,
      ),
    ]);
    const gw = await read(
      h.services.fleet.exportCsv(
        await world.actor(world.users.support),
        { view: 'gateways', sort: 'serial' },
        'en',
      ),
    );
    expect(gw).toContain('ILS-FLEETB01;1.5.0;;Online;');
    expect(gw.trim().split('\r\n')).toHaveLength(6);
  });
});

describe('the fleet export', () => {
  it("opens in a spreadsheet as text: an installer's manufacturer and a gateway's status text are never formulas", async () => {
    const attack = "@SUM(1+1)*cmd|' /C calc'!A0";
    const tech = await world.actor(world.users.instATech);
    await h.services.devices.create(tech, {
      siteId: world.sites.siteA2,
      type: 'inverter',
      manufacturer: attack,
      model: '=HYPERLINK("http://evil.example","Klik")',
      serial: 'INV-CSV-0001',
    });
    // What a gateway reports is stored as it came (the ingest writes status and text from its events).
    await h.testDb.db
      .updateTable('devices')
      .set({ status: 'Fout', status_code: '+E1', status_text: "-2+3+cmd|' /C calc'!A0" })
      .where('serial', '=', 'INV-CSV-0001')
      .execute();
    await h.testDb.db
      .updateTable('gateways')
      .set({ hardware_revision: '=1+2' })
      .where('serial', '=', 'ILS-FLEETA02')
      .execute();
    const support = await world.actor(world.users.support);
    const devices = await read(
      h.services.fleet.exportCsv(support, { view: 'devices', type: 'inverter' }, 'nl'),
    );
    const line = devices.split('\r\n').find((l) => l.includes('INV-CSV-0001'))!;
    expect(line).toBeDefined();
    const cells = line.split(';');
    expect(cells[1]).toBe(`'${attack}`);
    expect(cells[2]).toBe(`"'=HYPERLINK(""http://evil.example"",""Klik"")"`);
    expect(cells[5]).toBe("'+E1");
    expect(cells[6]).toBe(`'-2+3+cmd|' /C calc'!A0`);
    // No cell of the file starts a formula.
    for (const row of devices.replace('\ufeff', '').trim().split('\r\n'))
      for (const cell of row.split(';')) expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);
    const gateways = await read(h.services.fleet.exportCsv(support, { view: 'gateways' }, 'nl'));
    expect(gateways).toContain("ILS-FLEETA02;1.6.0;'=1+2;");
    // The open-alarm count stays a number.
    expect(gateways).toMatch(/ILS-FLEETA01;1\.5\.0;;Online;[^;]*;2;/);
  });
});

/** An export's file as the browser receives it, byte-order mark included. */
const read = (file: { body: ReadableStream<Uint8Array> }) =>
  new Response(file.body).arrayBuffer().then((b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b));

describe('the global search', () => {
  it("finds a site by EAN, gateway or device serial, owner e-mail and address words, within the actor's tenants", async () => {
    const support = await world.actor(world.users.support);
    const tech = await world.actor(world.users.instATech);
    const bySerial = await h.services.search.global(support, { q: 'ils-fleetb' });
    expect(bySerial.sites.map((s) => [s.address, s.match])).toEqual([
      ['Stationsplein 1, 3000 Leuven', 'serial'],
    ]);
    expect(
      (await h.services.search.global(support, { q: '5414 4882 0050 3579' })).sites.map((s) => s.match),
    ).toEqual(['ean']);
    expect(
      (await h.services.search.global(support, { q: 'owner-a@home' })).sites.map((s) => [s.address, s.match]),
    ).toEqual([['Kerkstraat 1, 9000 Gent', 'email']]);
    expect(
      (await h.services.search.global(support, { q: 'molenstraat aalst' })).sites.map((s) => s.match),
    ).toEqual(['address']);
    expect((await h.services.search.global(support, { q: 'ILB-A-0001' })).sites.map((s) => s.match)).toEqual([
      'serial',
    ]);
    expect(
      (await h.services.search.global(support, { q: 'ILS-SHELF' })).gateways.map((g) => g.serial),
    ).toEqual(['ILS-SHELF0001', 'ILS-SHELFA01']);
    // Another tenant's site stays out, whatever is typed; a gateway on the shelf only for the installer it was shipped to.
    expect((await h.services.search.global(tech, { q: 'ils-fleetb' })).sites).toEqual([]);
    expect((await h.services.search.global(tech, { q: 'owner-b@home.test' })).sites).toEqual([]);
    expect((await h.services.search.global(tech, { q: 'ILS-SHELF' })).gateways.map((g) => g.serial)).toEqual([
      'ILS-SHELFA01',
    ]);
    expect((await h.services.search.global(tech, { q: 'ab' })).sites).toEqual([]);
  });
});
