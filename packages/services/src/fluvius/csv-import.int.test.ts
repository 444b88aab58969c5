import { readFileSync } from 'node:fs';
import { writeJson } from '@ilumen/db';
import { fixturePath } from '@ilumen/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../actor';
import { type MandateHarness, startMandateHarness } from './testing';

/** The real exports (their EAN was anonymised by the publisher to 123456879123456789, which is no valid EAN). */
const ENGLISH = 'Consumption_history_electricity_541448820052377134_20231022_20250426_15_minute_totals.csv';
const DUTCH = 'Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv';
const FILE_EAN = '123456879123456789';

let h: MandateHarness;
let installer: UserActor;

beforeAll(async () => {
  h = await startMandateHarness('mandate_import');
  installer = await h.world.actor(h.world.users.instAAdmin);
  // Site A2 gets the fixtures' meter: the exports can only go to the address of their own EAN.
  await h.testDb.db
    .insertInto('meters')
    .values({ site_id: h.world.sites.siteA2, ean: FILE_EAN, energy_type: 'E', active_since: '2021-01-01' })
    .execute();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

function file(name: string, text?: string) {
  const bytes =
    text === undefined ? readFileSync(fixturePath('fluvius', name)) : new TextEncoder().encode(text);
  return { name, bytes: new Uint8Array(bytes) };
}

/**
 * The test's own reading of a raw export, sharing nothing with the parser: Wh per day (the file's own from-date) and
 * direction, each row rounded to Wh. Days are keyed YYYY-MM-DD.
 */
function rawDailyTotals(name: string): Map<string, { importWh: number; exportWh: number; values: number }> {
  const totals = new Map<string, { importWh: number; exportWh: number; values: number }>();
  for (const line of readFileSync(fixturePath('fluvius', name), 'utf8').split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const cells = line.split(';');
    const [dd, mm, yyyy] = cells[0]!.split(/[-/]/);
    const key = `${yyyy}-${mm}-${dd}`;
    const t = totals.get(key) ?? { importWh: 0, exportWh: 0, values: 0 };
    const wh = cells[8] ? Math.round(Number.parseFloat(cells[8].replace(',', '.')) * 1000) : 0;
    if (cells[8]) t.values++;
    if (/^(Afname|Offtake)/.test(cells[7]!)) t.importWh += wh;
    else t.exportWh += wh;
    totals.set(key, t);
  }
  return totals;
}

async function energyDays(siteId: number) {
  const rows = await h.testDb.db
    .selectFrom('energy_day')
    .select(['day', 'import_wh', 'export_wh', 'grid_quarters'])
    .where('site_id', '=', siteId)
    .orderBy('day')
    .execute();
  return new Map(
    rows.map((r) => [
      r.day,
      { importWh: Number(r.import_wh), exportWh: Number(r.export_wh), quarters: Number(r.grid_quarters) },
    ]),
  );
}

async function counts() {
  const [uploads, quarters] = await Promise.all([
    h.testDb.db
      .selectFrom('fluvius_csv_uploads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    h.testDb.db
      .selectFrom('energy_qh')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { uploads: Number(uploads.n), quarters: Number(quarters.n) };
}

describe('importing the fixture exports', () => {
  for (const name of [ENGLISH, DUTCH]) {
    it(`${name.slice(0, 40)}…: preview, import, and the right kWh per day`, async () => {
      const raw = rawDailyTotals(name);
      const { uploadId } = await h.services.csvImport.upload(installer, {
        siteId: h.world.sites.siteA2,
        file: file(name),
      });
      const preview = await h.services.csvImport.preview(installer, {
        siteId: h.world.sites.siteA2,
        uploadId,
      });
      expect(preview.ean).toBe(FILE_EAN);
      expect(preview.days.map((d) => d.date)).toEqual([...raw.keys()]);
      expect(preview.days.map((d) => [d.offtakeWh, d.injectionWh])).toEqual(
        [...raw.values()].map((t) => [t.importWh, t.exportWh]),
      );
      expect(preview.overwriteDays).toBe(0);

      // Days whose every row is "Geen verbruik" (no volume) stay gaps: nothing to import for them.
      const withValues = [...raw.values()].filter((t) => t.values > 0).length;
      expect(preview.importDays).toBe(withValues);
      const result = await h.services.csvImport.import(installer, { siteId: h.world.sites.siteA2, uploadId });
      expect(result.days).toBe(withValues);
      const stored = await energyDays(h.world.sites.siteA2);
      for (const [date, t] of raw) {
        const got = stored.get(date);
        expect({
          date,
          importWh: got?.importWh ?? 0,
          exportWh: got?.exportWh ?? 0,
          imported: Boolean(got),
        }).toEqual({
          date,
          importWh: t.importWh,
          exportWh: t.exportWh,
          imported: t.values > 0,
        });
      }
      // Importing the same upload again is a no-op; so is the same file uploaded again, which now overwrites every day.
      expect(
        await h.services.csvImport.import(installer, { siteId: h.world.sites.siteA2, uploadId }),
      ).toMatchObject({ changed: 0 });
      const again = await h.services.csvImport.upload(installer, {
        siteId: h.world.sites.siteA2,
        file: file(name),
      });
      const second = await h.services.csvImport.preview(installer, {
        siteId: h.world.sites.siteA2,
        uploadId: again.uploadId,
      });
      expect(second.overwriteDays).toBe(withValues);
      expect(
        await h.services.csvImport.import(installer, {
          siteId: h.world.sites.siteA2,
          uploadId: again.uploadId,
        }),
      ).toMatchObject({ changed: 0 });
    });
  }

  it('the autumn clock change day has its 100 quarters, written as Fluvius read them', async () => {
    const stored = await energyDays(h.world.sites.siteA2);
    expect(stored.get('2023-10-29')).toEqual({ importWh: 24_700, exportWh: 2_805, quarters: 100 });
    expect(stored.get('2023-10-23')?.quarters).toBe(96);
    const quarter = await h.testDb.db
      .selectFrom('energy_qh')
      .select(['grid_source', 'grid_quality', 'fl_state'])
      .where('site_id', '=', h.world.sites.siteA2)
      .where('ts', '=', new Date('2023-10-23T10:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(quarter).toEqual({ grid_source: 'fluvius', grid_quality: 'read', fl_state: 'READ' });
  });
});

describe('a home whose quarters come only from Fluvius', () => {
  it("is billed day and night by the meter's registers in the export, not by the clock", async () => {
    // December 2023 is in the English export only. The test's own reading: Wh per register of that month's rows.
    const perRegister = { day: 0, night: 0 };
    for (const line of readFileSync(fixturePath('fluvius', ENGLISH), 'utf8').split(/\r?\n/).slice(1)) {
      const cells = line.split(';');
      if (!cells[0]?.endsWith('/12/2023') || !cells[8]) continue;
      const wh = Math.round(Number.parseFloat(cells[8].replace(',', '.')) * 1000);
      if (cells[7] === 'Offtake Day') perRegister.day += wh;
      if (cells[7] === 'Offtake Night') perRegister.night += wh;
    }
    expect(perRegister.day).toBeGreaterThan(0);
    expect(perRegister.night).toBeGreaterThan(0);
    const siteId = h.world.sites.siteA2;
    // The import is done (the tests above); a day/night contract from before December 2023.
    await h.testDb.db
      .insertInto('supply_contracts')
      .values({
        site_id: siteId,
        effective_from: '2023-01-01',
        kind: 'dayNight',
        terms: writeJson({
          fixedEurPerYear: '0',
          dayEurPerKwh: '0.30000',
          nightEurPerKwh: '0.20000',
          exportEurPerKwh: '0.04000',
        })!,
        created_by_user_id: null,
      })
      .execute();
    const { bill } = await h.services.bill.month(installer, { siteId, month: '2023-12' });
    const byKey = Object.fromEntries(bill.lines.map((l) => [l.key, l]));
    const kwh = (wh: number) => (wh / 1000).toFixed(3);
    expect(byKey['energy.day']?.kwh).toBe(kwh(perRegister.day));
    expect(byKey['energy.night']?.kwh).toBe(kwh(perRegister.night));
    // Christmas Day 2023 (a Monday) this meter counted on its day register, where the calendar (decision 230) says
    // night: the clock would have moved those quarters to the night line.
    expect(bill.quartersByClock).toBe(0);
    const stored = await h.testDb.db
      .selectFrom('energy_qh')
      .select(['fl_import_wh', 'fl_import_night_wh'])
      .where('site_id', '=', siteId)
      .where('ts', 'in', [new Date('2023-12-05T20:45:00Z'), new Date('2023-12-05T21:00:00Z')])
      .orderBy('ts')
      .execute();
    // Tuesday 5 December 2023, 21:45 Brussels: "Offtake Day" 0,626; 22:00: "Offtake Night" 0,139
    expect(stored).toEqual([
      { fl_import_wh: 626, fl_import_night_wh: 0 },
      { fl_import_wh: 139, fl_import_night_wh: 139 },
    ]);
  });
});

describe('files that are not this meter’s quarter-hour export', () => {
  const english = () => readFileSync(fixturePath('fluvius', ENGLISH), 'utf8');
  const cases: Array<[string, () => string, string, Record<string, unknown>]> = [
    [
      'a broken volume',
      () => english().replace('0,173;kWh;Read', '0,1x3;kWh;Read'),
      'csvImport.error.bad_number',
      { line: 4, value: '0,1x3' },
    ],
    [
      'another spreadsheet',
      () => 'Naam;Adres;Bedrag\nJan;Gent;12,50\n',
      'csvImport.error.no_matching_header',
      {},
    ],
    [
      'a comma-separated re-save',
      () => english().replace(/;/g, ','),
      'csvImport.error.wrong_delimiter',
      { delimiter: ',' },
    ],
    [
      'a gas export',
      () =>
        '\uFEFFFrom (date);From (time);Until (date);Until (time);EAN code;Meter;Meter type;Register;Volume;Unit;Validation status;Caloric upper value;Description\n',
      'csvImport.error.gas_export',
      {},
    ],
    [
      'a file cut in the middle of a row',
      () => english().split('\n').slice(0, 50).join('\n').concat('\n22/10/2023;12:00:00;22/10/2023'),
      'csvImport.error.bad_column_count',
      { line: 51 },
    ],
  ];
  for (const [what, text, key, params] of cases) {
    it(`${what}: one clear message, nothing stored or imported`, async () => {
      const before = await counts();
      const error = await h.services.csvImport
        .upload(installer, { siteId: h.world.sites.siteA2, file: file('export.csv', text()) })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'validation',
        fieldErrors: { file: { key, params: expect.objectContaining(params) } },
      });
      expect(await counts()).toEqual(before);
    });
  }

  it('an export of another EAN than the address’s meter', async () => {
    const owner = await h.world.actor(h.world.users.ownerA);
    const before = await counts();
    const error = await h.services.csvImport
      .upload(owner, { siteId: h.world.sites.siteA, file: file(ENGLISH) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      fieldErrors: {
        file: {
          key: 'csvImport.error.ean_mismatch',
          params: expect.objectContaining({ fileEan: FILE_EAN, siteEan: '541448820052377134' }),
        },
      },
    });
    expect(await counts()).toEqual(before);
  });

  it('an address without a meter, and people who may not import', async () => {
    const siteB = h.world.sites.siteB;
    await expect(
      h.services.csvImport.upload(await h.world.actor(h.world.users.ownerA), { siteId: siteB, file: null }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.csvImport.upload(await h.world.actor(h.world.users.memberAll), {
        siteId: h.world.sites.siteA,
        file: file(ENGLISH),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.csvImport.upload(installer, { siteId: h.world.sites.siteA2, file: null }),
    ).rejects.toMatchObject({ fieldErrors: { file: { key: 'csvImport.error.noFile' } } });
    const bare = await h.services.sites.create(h.world.system, {
      organizationId: h.world.orgs.instA,
      street: 'Lege straat',
      houseNumber: '1',
      postalCode: '9000',
      city: 'Gent',
      gridPhases: 1,
      mainFuseA: 40,
    });
    await expect(
      h.services.csvImport.upload(installer, { siteId: bare.id, file: file(ENGLISH) }),
    ).rejects.toMatchObject({ fieldErrors: { file: { key: 'csvImport.error.noMeter' } } });
    // Someone else's upload is not found, even with a real id.
    const [upload] = await h.testDb.db.selectFrom('fluvius_csv_uploads').select('id').limit(1).execute();
    await expect(
      h.services.csvImport.preview(await h.world.actor(h.world.users.instBAdmin), {
        siteId: h.world.sites.siteA2,
        uploadId: upload!.id,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.csvImport.preview(installer, { siteId: bare.id, uploadId: upload!.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
