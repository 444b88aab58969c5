import type { CsvColumn, CsvValue } from '@ilumen/csv';
import type { Database, Db, GridQuality, Transaction } from '@ilumen/db';
import {
  addDays,
  brusselsOffsetMs,
  HOUR_MS,
  type LocalDate,
  localDate,
  registerByTime,
  startOfLocalDay,
} from '@ilumen/energy';
import { type SiteQuarter, siteQuarters } from './site-bill';

// A home's energy as Mijn Fluvius exports it (decision 241; shared/domain/fluvius-csv.md), so the homeowner's own
// spreadsheets, VREG's V-test and our own import read it as they read Fluvius' file: the 2025 Dutch header, one line
// per register per period (afname and injectie of the register that ran, day or night), Brussels wall-clock times,
// kWh with three decimals and a decimal comma, an empty volume with "Geen verbruik" where nothing was measured.
// Written by the product's one CSV writer; the EAN as Mijn Fluvius writes it, `="541…"`, so a spreadsheet keeps all
// 18 digits as text instead of showing 5,41449E+17 (decision 302).

type Conn = Db | Transaction<Database>;

export const ENERGY_RESOLUTIONS = ['quarter', 'hour', 'day'] as const;
export type EnergyResolution = (typeof ENERGY_RESOLUTIONS)[number];

export const ENERGY_CSV_COLUMNS: CsvColumn[] = [
  { header: 'Van (datum)' },
  { header: 'Van (tijdstip)' },
  { header: 'Tot (datum)' },
  { header: 'Tot (tijdstip)' },
  { header: 'EAN-code', kind: 'digits' },
  { header: 'Meter' },
  { header: 'Metertype' },
  { header: 'Register' },
  { header: 'Volume', kind: 'number' },
  { header: 'Eenheid' },
  { header: 'Validatiestatus' },
  { header: 'Omschrijving' },
];

/** Mijn Fluvius' words for how a value was obtained; a gateway's own measurement reads as "Uitgelezen" (read). */
const STATUS: Record<GridQuality, string> = {
  measured: 'Uitgelezen',
  read: 'Uitgelezen',
  validated: 'Gevalideerd',
  estimated: 'Geschat',
  not_validated: 'Niet gevalideerd',
};
/** Of the quarters in an hour or a day, the least sure status tells the total's. */
const RANK: Record<GridQuality, number> = {
  validated: 0,
  measured: 1,
  read: 1,
  not_validated: 2,
  estimated: 3,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd-MM-yyyy` and `HH:mm:ss` of an instant on the Brussels wall clock. */
export function fluviusWallTime(instant: number): [string, string] {
  const w = new Date(instant + brusselsOffsetMs(instant));
  return [
    `${pad(w.getUTCDate())}-${pad(w.getUTCMonth() + 1)}-${w.getUTCFullYear()}`,
    `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:00`,
  ];
}

const kwh = (wh: number) => (wh / 1000).toFixed(3);

interface Bucket {
  start: number;
  end: number;
  register: 1 | 2;
  importWh: number;
  exportWh: number;
  /** Any quarter with a value; else the lines are "Geen verbruik". */
  measured: boolean;
  rank: number;
  quality: GridQuality | null;
}

/** The quarters gathered per period (quarter, clock hour or Brussels day) and register, in time order. */
export function energyBuckets(quarters: readonly SiteQuarter[], resolution: EnergyResolution): Bucket[] {
  const out: Bucket[] = [];
  const open = new Map<string, Bucket>();
  for (const q of quarters) {
    const register = q.register ?? registerByTime(q.start);
    let start = q.start;
    let end = q.start + 15 * 60_000;
    if (resolution === 'hour') {
      // Brussels is a whole number of hours from UTC: its clock hours are UTC hours.
      start = Math.floor(q.start / HOUR_MS) * HOUR_MS;
      end = start + HOUR_MS;
    } else if (resolution === 'day') {
      const day = localDate(q.start);
      start = startOfLocalDay(day);
      end = startOfLocalDay(addDays(day, 1));
    }
    const key = `${start}|${register}`;
    let b = open.get(key);
    if (!b) {
      b = { start, end, register, importWh: 0, exportWh: 0, measured: false, rank: -1, quality: null };
      open.set(key, b);
      out.push(b);
    }
    if (q.quality === null) continue;
    b.measured = true;
    b.importWh += Math.max(0, q.importWh);
    b.exportWh += Math.max(0, q.exportWh);
    if (RANK[q.quality] > b.rank) {
      b.rank = RANK[q.quality];
      b.quality = q.quality;
    }
  }
  return out;
}

/** The lines of the file, two per period and register (afname, injectie), in Mijn Fluvius' order. */
export function energyCsvRows(
  buckets: readonly Bucket[],
  meter: { ean: string; serial: string },
): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const b of buckets) {
    const [fromDate, fromTime] = fluviusWallTime(b.start);
    const [toDate, toTime] = fluviusWallTime(b.end);
    const name = b.register === 1 ? 'Dag' : 'Nacht';
    for (const [direction, wh] of [
      ['Afname', b.importWh],
      ['Injectie', b.exportWh],
    ] as const) {
      rows.push([
        fromDate,
        fromTime,
        toDate,
        toTime,
        meter.ean,
        meter.serial,
        'Digitale meter',
        `${direction} ${name}`,
        b.measured ? kwh(wh) : null,
        'kWh',
        b.quality ? STATUS[b.quality] : 'Geen verbruik',
        '',
      ]);
    }
  }
  return rows;
}

/** The site's electricity meter (EAN and the meter's serial, blank when unknown). */
export async function siteMeter(db: Conn, siteId: number): Promise<{ ean: string; serial: string }> {
  const [meter, device] = await Promise.all([
    db
      .selectFrom('meters')
      .select('ean')
      .where('site_id', '=', siteId)
      .where('energy_type', '=', 'E')
      .orderBy('active_since', 'desc')
      .executeTakeFirst(),
    db
      .selectFrom('devices')
      .select('serial')
      .where('site_id', '=', siteId)
      .where('type', '=', 'meter')
      .orderBy('id')
      .executeTakeFirst(),
  ]);
  return { ean: meter?.ean ?? '', serial: device?.serial ?? '' };
}

/** The whole file's lines of the Brussels days [from, to]. */
export async function siteEnergyCsv(
  db: Conn,
  siteId: number,
  from: LocalDate,
  to: LocalDate,
  resolution: EnergyResolution,
): Promise<{ rows: CsvValue[][]; ean: string }> {
  const [meter, quarters] = await Promise.all([
    siteMeter(db, siteId),
    siteQuarters(db, siteId, startOfLocalDay(from), startOfLocalDay(addDays(to, 1))),
  ]);
  return { rows: energyCsvRows(energyBuckets(quarters, resolution), meter), ean: meter.ean };
}

/** Mijn Fluvius' file name: `Verbruikshistoriek_elektriciteit_<EAN>_<from>_<to>_kwartiertotalen.csv`. */
export function energyCsvFileName(ean: string, from: LocalDate, to: LocalDate, resolution: EnergyResolution) {
  const words = { quarter: 'kwartiertotalen', hour: 'uurtotalen', day: 'dagtotalen' } as const;
  const d = (x: LocalDate) => x.replace(/-/g, '');
  return `Verbruikshistoriek_elektriciteit_${ean || 'zonder-ean'}_${d(from)}_${d(to)}_${words[resolution]}.csv`;
}
