import type { Writable } from 'node:stream';
import type { CsvColumn, CsvValue } from '@ilumen/csv';
import { type CsvWritten, writeCsv } from '@ilumen/csv/node';
import type { ChargeExportRow, Db } from '@ilumen/db';
import { addDays, brusselsOffsetMs, startOfLocalDay } from '@ilumen/energy';
import { type Locale, translate } from '@ilumen/i18n';

/*
 * The charge-session CSV, made for Excel in Belgium by the product's one CSV writer (`@ilumen/csv`: BOM, ";", CRLF,
 * no formulas): decimal commas, dd/mm/yyyy hh:mm in Brussels time. Rows are streamed from the database and written
 * with back-pressure, so memory stays flat however many sessions there are.
 */

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** dd/mm/yyyy hh:mm in Brussels time (integer arithmetic on the memoised offset; no Intl per cell). */
export function csvDateTime(at: Date | null): string {
  if (!at) return '';
  const t = at.getTime();
  const d = new Date(t + brusselsOffsetMs(t));
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Wh as kWh with three decimals and a decimal comma ("12,345"). */
export function csvKwh(wh: number | null): string {
  if (wh === null) return '';
  const whole = Math.floor(wh / 1000);
  const rest = wh - whole * 1000;
  return `${whole},${rest < 10 ? `00${rest}` : rest < 100 ? `0${rest}` : rest}`;
}

/** The sessions an export covers, oldest first, as a streaming query. */
export function exportQuery(
  db: Db,
  e: Pick<
    ChargeExportRow,
    'scope' | 'site_id' | 'device_id' | 'user_id' | 'own_only' | 'from_day' | 'to_day'
  >,
) {
  let q = db
    .selectFrom('charge_sessions as cs')
    .innerJoin('sites as s', 's.id', 'cs.site_id')
    .leftJoin('devices as d', 'd.id', 'cs.device_id')
    .leftJoin('users as u', 'u.id', 'cs.user_id')
    .select([
      'cs.id',
      's.street',
      's.house_number',
      's.postal_code',
      's.city',
      'd.model',
      'd.serial',
      'cs.charger_key',
      'cs.started_at',
      'cs.ended_at',
      'cs.energy_wh',
      'cs.solar_wh',
      'cs.mode',
      'u.name as user_name',
      'cs.tariff_eur_per_kwh',
      'cs.cost_eur',
      'cs.stop_reason',
    ])
    .where('cs.started_at', '>=', new Date(startOfLocalDay(e.from_day)))
    .where('cs.started_at', '<', new Date(startOfLocalDay(addDays(e.to_day, 1))));
  if (e.scope === 'charger') q = q.where('cs.device_id', '=', e.device_id ?? -1);
  if (e.scope === 'site') q = q.where('cs.site_id', '=', e.site_id ?? -1);
  if (e.scope === 'owner') {
    q = q.where('cs.site_id', 'in', (eb) =>
      eb
        .selectFrom('site_members')
        .select('site_id')
        .where('user_id', '=', e.user_id)
        .where('role', '=', 'owner'),
    );
  }
  if (e.own_only) q = q.where('cs.user_id', '=', e.user_id);
  return q.orderBy('cs.started_at').orderBy('cs.id');
}

/**
 * Streams an export's CSV into `out` (a file, a mail attachment, a response) and ends it. Headers and words follow
 * the recipient's language; the number and date formats stay Belgian whatever it is.
 */
export async function writeChargeSessionsCsv(
  db: Db,
  e: Parameters<typeof exportQuery>[1] & { locale: Locale },
  out: Writable,
  options: { chunkRows?: number } = {},
): Promise<CsvWritten> {
  const t = (k: string) => translate(e.locale, k);
  const number = (key: string): CsvColumn => ({ header: t(`csv.chargeSessions.${key}`), kind: 'number' });
  const text = (key: string): CsvColumn => ({ header: t(`csv.chargeSessions.${key}`) });
  const columns = [
    text('address'),
    text('charger'),
    text('start'),
    text('end'),
    number('minutes'),
    number('energy'),
    number('solar'),
    text('mode'),
    text('user'),
    number('tariff'),
    number('cost'),
    text('reason'),
  ];
  const mode = { fast: t('modules.charger.sessionMode.fast'), smart: t('modules.charger.sessionMode.smart') };
  const atCharger = t('csv.chargeSessions.atCharger');
  const reasons = new Map<string, string>();
  const reason = (r: string | null) => {
    if (!r) return '';
    let text = reasons.get(r);
    if (text === undefined) {
      text = t(`csv.chargeSessions.reason.${r}`);
      reasons.set(r, text);
    }
    return text;
  };
  async function* rows(): AsyncGenerator<CsvValue[]> {
    for await (const r of exportQuery(db, e).stream(options.chunkRows ?? 500)) {
      const minutes = r.ended_at
        ? Math.round((r.ended_at.getTime() - r.started_at.getTime()) / 60_000)
        : null;
      yield [
        `${r.street} ${r.house_number}, ${r.postal_code} ${r.city}`,
        r.model ? `${r.model} ${r.serial ?? ''}`.trim() : r.charger_key,
        csvDateTime(r.started_at),
        csvDateTime(r.ended_at),
        minutes,
        csvKwh(r.energy_wh),
        csvKwh(r.solar_wh),
        mode[r.mode],
        r.user_name ?? atCharger,
        r.tariff_eur_per_kwh,
        r.cost_eur,
        reason(r.stop_reason),
      ];
    }
  }
  return writeCsv(out, columns, rows());
}
