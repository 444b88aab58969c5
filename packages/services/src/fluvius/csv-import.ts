import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type FluviusState, readJson, writeJson } from '@ilumen/db';
import { type CsvError, type CsvQuarter, type CsvSummary, parseFluviusCsv } from '@ilumen/fluvius/csv';
import { brusselsDaysWindow, brusselsLocalDate, type LocalDate } from '@ilumen/fluvius/time';
import type { MessageKey } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { type FluviusQuarter, withRetry, writeQuarters } from '../energy/index';
import { fieldError, notFound } from '../errors';
import { requireSite, requireWritable } from '../policy';
import { id, parseInput } from '../validation';

/** A Mijn Fluvius export of three years of quarters is about 40 MB; more is not an export of one meter. */
export const CSV_MAX_BYTES = 50 * 1024 * 1024;
/** Days written per transaction: a week of quarters is a few hundred rows. */
const DAYS_PER_TRANSACTION = 7;

export const csvSiteInput = z.object({ siteId: id() });
export const csvUploadInput = z.object({ siteId: id(), uploadId: id() });

export interface CsvFile {
  name: string;
  bytes: Uint8Array;
}

/** Least to most trustworthy is how a quarter's state is chosen when its registers disagree. */
const RANK: Record<FluviusState, number> = { VAL: 0, READ: 1, EST: 2, NVAL: 3 };

/**
 * One row per quarter from the export's rows (one per register): offtake day + night + total, injection likewise;
 * a quarter with no volume at all is left out (a gap, not a zero). A volume without a known state counts as not
 * validated, so a gateway measurement beats it (decision 005). The offtake's night register ("Afname Nacht") is kept
 * as `importNightWh`, so the bill splits the quarter by the meter's own registers (decision 300); a meter that gives
 * one total register (AMR) tells no split (null).
 */
export function quartersOf(rows: CsvQuarter[], siteId: number): FluviusQuarter[] {
  type Building = FluviusQuarter & { seen: boolean; offtakeTotal: boolean; nightWh: number };
  const byStart = new Map<number, Building>();
  for (const r of rows) {
    const key = r.start.getTime();
    let q = byStart.get(key);
    if (!q) {
      q = {
        source: 'fluvius',
        siteId,
        ts: r.start,
        importWh: null,
        exportWh: null,
        state: 'VAL',
        seen: false,
        offtakeTotal: false,
        nightWh: 0,
      };
      byStart.set(key, q);
    }
    if (r.direction === 'offtake' && r.tariff === 'total') q.offtakeTotal = true;
    if (r.wh === null) continue;
    if (r.direction === 'offtake') {
      q.importWh = (q.importWh ?? 0) + r.wh;
      if (r.tariff === 'night') q.nightWh += r.wh;
    } else q.exportWh = (q.exportWh ?? 0) + r.wh;
    const state: FluviusState = r.validationState ?? 'NVAL';
    q.state = q.seen && RANK[q.state] >= RANK[state] ? q.state : state;
    q.seen = true;
  }
  return [...byStart.values()]
    .filter((q) => q.seen)
    .sort((a, b) => a.ts.getTime() - b.ts.getTime())
    .map(({ seen: _seen, offtakeTotal, nightWh, ...q }) => ({
      ...q,
      importNightWh: q.importWh === null || offtakeTotal ? null : nightWh,
    }));
}

function csvRefusal(error: CsvError, siteEans: string[]) {
  const fileEan = error.eans?.[1] ?? error.eans?.[0] ?? '';
  return fieldError('file', `csvImport.error.${error.code}` as MessageKey, {
    line: error.line ?? 0,
    value: error.value ?? '',
    delimiter: error.delimiter ?? '',
    eans: (error.eans ?? []).join(', '),
    fileEan,
    siteEan: siteEans.join(', '),
  });
}

/** What is kept of a parsed upload for its preview: the parser's summary and, per day, the quarters with a value. */
type StoredSummary = CsvSummary & { valueQuarters: Record<LocalDate, number> };

function valueQuartersPerDay(quarters: FluviusQuarter[]): Record<LocalDate, number> {
  const out: Record<LocalDate, number> = {};
  for (const q of quarters) {
    const day = brusselsLocalDate(q.ts);
    out[day] = (out[day] ?? 0) + 1;
  }
  return out;
}

export interface CsvPreviewDay {
  date: LocalDate;
  /** Quarters with a volume ("Geen verbruik" rows have none: they stay gaps). */
  quarters: number;
  expectedQuarters: number;
  offtakeWh: number;
  injectionWh: number;
  estimatedValues: number;
  /** Quarters of that day that already hold Fluvius values (the import replaces them). */
  fluviusQuarters: number;
  /** Quarters of that day measured by the gateway (kept; precedence decides what counts). */
  gatewayQuarters: number;
}

/**
 * Importing a Mijn Fluvius quarter-hour export, in two steps a person can follow: upload (checked completely: an
 * export of this address's meter, or a clear refusal and nothing stored), a preview of the days and totals and of
 * which days already have values, then the import.
 */
export class CsvImportService {
  constructor(private readonly deps: ServiceDeps) {}

  private async siteEans(siteId: number): Promise<string[]> {
    const meters = await this.deps.db
      .selectFrom('meters')
      .select('ean')
      .where('site_id', '=', siteId)
      .where('energy_type', '=', 'E')
      .orderBy('id')
      .execute();
    return meters.map((m) => m.ean);
  }

  /** Checks and keeps an uploaded file; refuses anything that is not a quarter-hour export of this site's meter. */
  async upload(
    actor: Actor,
    input: { siteId: unknown; file: CsvFile | null },
  ): Promise<{ uploadId: number }> {
    requireWritable(actor);
    const { siteId } = parseInput(csvSiteInput, { siteId: input.siteId });
    await requireSite(this.deps.db, actor, siteId, 'site.fluvius');
    const file = input.file;
    if (!file || file.bytes.byteLength === 0) throw fieldError('file', 'csvImport.error.noFile');
    if (file.bytes.byteLength > CSV_MAX_BYTES)
      throw fieldError('file', 'csvImport.error.tooLarge', { mb: Math.round(CSV_MAX_BYTES / 1024 / 1024) });
    const eans = await this.siteEans(siteId);
    if (eans.length === 0) throw fieldError('file', 'csvImport.error.noMeter');
    const text = new TextDecoder('utf-8').decode(file.bytes);
    const parsed = await parseFluviusCsv(text, eans.length === 1 ? { expectedEan: eans[0] } : {});
    if (!parsed.ok) throw csvRefusal(parsed.error, eans);
    const fileEan = parsed.summary.eans[0] ?? '';
    if (!eans.includes(fileEan)) throw csvRefusal({ code: 'ean_mismatch', eans: [eans[0]!, fileEan] }, eans);
    const stored: StoredSummary = {
      ...parsed.summary,
      valueQuarters: valueQuartersPerDay(quartersOf(parsed.quarters, siteId)),
    };

    const res = await this.deps.db
      .insertInto('fluvius_csv_uploads')
      .values({
        site_id: siteId,
        user_id: actor.type === 'user' ? actor.userId : null,
        file_name: file.name.slice(0, 255) || 'export.csv',
        byte_size: file.bytes.byteLength,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        content_gz: gzipSync(file.bytes),
        ean: fileEan,
        summary: writeJson(stored) as string,
        created_at: this.deps.clock.now(),
      })
      .executeTakeFirstOrThrow();
    return { uploadId: Number(res.insertId) };
  }

  private async loadUpload(siteId: number, uploadId: number) {
    const row = await this.deps.db
      .selectFrom('fluvius_csv_uploads')
      .selectAll()
      .where('id', '=', uploadId)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  /** What the import would do: per day the totals found, and what that day already holds. */
  async preview(actor: Actor, input: unknown) {
    const { siteId, uploadId } = parseInput(csvUploadInput, input);
    await requireSite(this.deps.db, actor, siteId, 'site.fluvius');
    const row = await this.loadUpload(siteId, uploadId);
    const summary = readJson<StoredSummary>(row.summary)!;
    const existing = new Map<LocalDate, { fluvius: number; gateway: number }>();
    if (summary.days.length > 0) {
      const window = brusselsDaysWindow(summary.firstDay, summary.lastDay);
      const quarters = await this.deps.db
        .selectFrom('energy_qh')
        .select(['ts', 'fl_import_wh', 'fl_export_wh', 'gw_import_wh', 'gw_export_wh'])
        .where('site_id', '=', siteId)
        .where('ts', '>=', window.from)
        .where('ts', '<', window.to)
        .execute();
      for (const q of quarters) {
        const day = brusselsLocalDate(q.ts);
        const e = existing.get(day) ?? { fluvius: 0, gateway: 0 };
        if (q.fl_import_wh !== null || q.fl_export_wh !== null) e.fluvius++;
        if (q.gw_import_wh !== null || q.gw_export_wh !== null) e.gateway++;
        existing.set(day, e);
      }
    }
    const days: CsvPreviewDay[] = summary.days.map((d) => ({
      date: d.date,
      quarters: summary.valueQuarters[d.date] ?? 0,
      expectedQuarters: d.expectedQuarters,
      offtakeWh: d.offtakeWh,
      injectionWh: d.injectionWh,
      estimatedValues: d.estimatedValues,
      fluviusQuarters: existing.get(d.date)?.fluvius ?? 0,
      gatewayQuarters: existing.get(d.date)?.gateway ?? 0,
    }));
    return {
      uploadId: row.id,
      fileName: row.file_name,
      ean: row.ean,
      firstDay: summary.firstDay,
      lastDay: summary.lastDay,
      offtakeWh: summary.offtakeWh,
      injectionWh: summary.injectionWh,
      days,
      /** Days with at least one value: what the import writes. */
      importDays: days.filter((d) => d.quarters > 0).length,
      overwriteDays: days.filter((d) => d.fluviusQuarters > 0).length,
      status: row.status,
      importedAt: row.imported_at,
      importedDays: row.imported_days,
      importedQuarters: row.imported_quarters,
    };
  }

  /**
   * Imports what was previewed: the stored file read again with the same checks, written a week per transaction
   * (source Fluvius, with each quarter's validation state). Importing twice changes nothing the second time.
   */
  async import(actor: Actor, input: unknown): Promise<{ days: number; quarters: number; changed: number }> {
    requireWritable(actor);
    const { siteId, uploadId } = parseInput(csvUploadInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.fluvius');
    const row = await this.loadUpload(siteId, uploadId);
    if (row.status === 'imported')
      return { days: row.imported_days ?? 0, quarters: row.imported_quarters ?? 0, changed: 0 };
    const eans = await this.siteEans(siteId);
    // The meter may have changed since the upload: the same check again.
    if (!eans.includes(row.ean))
      throw csvRefusal({ code: 'ean_mismatch', eans: [eans[0] ?? '', row.ean] }, eans);
    const parsed = await parseFluviusCsv(new TextDecoder('utf-8').decode(gunzipSync(row.content_gz)), {
      expectedEan: row.ean,
    });
    if (!parsed.ok) throw csvRefusal(parsed.error, eans);

    const quarters = quartersOf(parsed.quarters, siteId);
    const byDay = new Map<LocalDate, FluviusQuarter[]>();
    for (const q of quarters) {
      const day = brusselsLocalDate(q.ts);
      const list = byDay.get(day) ?? [];
      list.push(q);
      byDay.set(day, list);
    }
    const days = [...byDay.keys()].sort();
    let changed = 0;
    for (let i = 0; i < days.length; i += DAYS_PER_TRANSACTION) {
      const writes = days.slice(i, i + DAYS_PER_TRANSACTION).flatMap((d) => byDay.get(d)!);
      const result = await withRetry(() =>
        this.deps.db.transaction().execute((trx) => writeQuarters(trx, writes)),
      );
      changed += result.changed;
    }
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('fluvius_csv_uploads')
        .set({
          status: 'imported',
          imported_at: now,
          imported_days: days.length,
          imported_quarters: quarters.length,
        })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'energy.csvImport',
        entityType: 'fluvius_csv_upload',
        entityId: row.id,
        siteId,
        organizationId: access.organizationId,
        after: {
          file: row.file_name,
          ean: row.ean,
          days: days.length,
          quarters: quarters.length,
          first: days[0] ?? null,
          last: days[days.length - 1] ?? null,
        },
      });
    });
    return { days: days.length, quarters: quarters.length, changed };
  }
}
