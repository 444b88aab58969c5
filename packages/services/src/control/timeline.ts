import { readJson } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { IMPLAUSIBLE_EVENT } from '../energy/anomalies';
import { id, parseInput } from '../validation';
import { requireControlRead } from './ilustore-modules';

export const timelineInput = z.object({
  siteId: id(),
  /** `all`: every event of the site (status changes, charge sessions, errors too); default the explained decisions. */
  show: z.enum(['decisions', 'all']).default('decisions'),
  /** The page after this one: `<ISO ts>|<id>` of the last item seen. */
  cursor: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+$/)
      .optional(),
  ),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const DECISION_TYPES = ['control.decision', 'maintenance.progress'];
const PRODUCT: Record<string, string> = { battery: 'iLubat', charger: 'iLucharge', heat: 'iLuheat' };

type Values = Record<string, string | number | boolean | null>;

/**
 * The site's timeline: every action a controller took, with its reason (discharge for a peak, charge in a cheap hour,
 * current lowered, maintenance), newest first — shown to the owner and to support. The gateway writes its reasons
 * in English; `code` and `values` let the page say them in the reader's language.
 */
export class TimelineService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor, input: unknown) {
    const q = parseInput(timelineInput, input);
    await requireControlRead(this.deps, actor, q.siteId);
    let query = this.deps.db
      .selectFrom('events')
      .select(['id', 'ts', 'type', 'device_key', 'payload'])
      .where('site_id', '=', q.siteId)
      .orderBy('ts', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1);
    if (q.show === 'decisions') query = query.where('type', 'in', DECISION_TYPES);
    if (q.cursor) {
      const [ts, last] = q.cursor.split('|') as [string, string];
      const at = new Date(ts);
      query = query.where((eb) =>
        eb.or([eb('ts', '<', at), eb.and([eb('ts', '=', at), eb('id', '<', Number(last))])]),
      );
    }
    const [rows, devices] = await Promise.all([
      query.execute(),
      this.deps.db
        .selectFrom('devices')
        .select(['id', 'type', 'model', 'device_key'])
        .where('site_id', '=', q.siteId)
        .execute(),
    ]);
    const page = rows.slice(0, q.limit);
    const items = page.map((r) => {
      const p =
        readJson<{
          controller?: string;
          action?: string;
          reason?: string;
          values?: Values;
          phase?: string;
          socPct?: number;
          chargeId?: string;
          from?: string | null;
          to?: string;
          // a data.implausible event (decision 090)
          code?: string;
          field?: string;
          value?: number | string;
          limit?: number | string | null;
          source?: string;
        }>(r.payload) ?? {};
      return {
        id: r.id,
        ts: r.ts.toISOString(),
        type: r.type,
        deviceKey: r.device_key,
        controller: p.controller ?? (r.type === 'maintenance.progress' ? 'maintenance' : null),
        action: p.action ?? p.phase ?? null,
        reason: p.reason ?? null,
        code:
          typeof p.values?.code === 'string'
            ? p.values.code
            : r.type === 'maintenance.progress' && p.phase
              ? `mnt.${p.phase}`
              : null,
        values: p.values ?? (p.socPct !== undefined ? { socPct: p.socPct } : null),
        result: typeof p.values?.result === 'string' ? p.values.result : null,
        status: r.type === 'device.status' ? { from: p.from ?? null, to: p.to ?? null } : null,
        // a value the platform refused as implausible: the page says why in the reader's language
        anomaly:
          r.type === IMPLAUSIBLE_EVENT && p.code && p.field && p.value !== undefined
            ? {
                code: p.code,
                field: p.field,
                value: p.value,
                limit: p.limit ?? null,
                source: p.source ?? 'gateway',
              }
            : null,
      };
    });
    const last = page.at(-1);
    // events name devices by their key (decision 071): the page shows the product and model instead
    const names: Record<string, string> = {};
    // a model that already carries the product's name ("iLucharge 11") is not prefixed with it again
    for (const d of devices) {
      const product = PRODUCT[d.type] ?? '';
      names[d.device_key] = d.model.toLowerCase().startsWith(product.toLowerCase())
        ? d.model
        : `${product} ${d.model}`.trim();
    }
    return {
      siteId: q.siteId,
      items,
      devices: names,
      cursor: rows.length > q.limit && last ? `${last.ts.toISOString()}|${last.id}` : null,
    };
  }
}
