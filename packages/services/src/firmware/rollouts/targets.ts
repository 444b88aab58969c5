import { createHash } from 'node:crypto';
import type { Db } from '@ilumen/db';
import { isVersionRange, satisfies } from '@ilumen/firmware-signing';
import { isGatewaySerial } from '@ilumen/mqtt-contract';
import { z } from 'zod';

/** Open states: the gateway has an instruction or is about to get one. */
export const OPEN_TARGET_STATES = [
  'pending',
  'sent',
  'downloading',
  'verifying',
  'installing',
  'rebooting',
] as const;
export const IN_FLIGHT_STATES = ['sent', 'downloading', 'verifying', 'installing', 'rebooting'] as const;
export const FAILED_STATES = ['failed', 'rolled_back', 'timed_out'] as const;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** A list from a form (comma, space or newline separated) or from JSON (an array). */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[\s,;]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : v === null
          ? undefined
          : v,
    z.array(item).max(max).optional(),
  );

export const siteTagSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'firmware.tag');

/** Who a rollout is for. Every given filter narrows the set (tenant AND hardware AND version AND tags AND list). */
export const rolloutTargetInput = z.object({
  organizationIds: list(z.coerce.number().int().positive(), 500),
  /** Default: the release's own hardware revision (every revision when the release is for `*`). */
  hardwareRevision: z.preprocess(blank, z.string().max(64).optional()),
  /** Current firmware, e.g. `>=1.2.0 <1.5.0`; default any. */
  versionRange: z.preprocess(
    blank,
    z.string().max(200).refine(isVersionRange, 'firmware.versionRange').optional(),
  ),
  /** Sites carrying any of these tags. */
  tags: list(siteTagSchema, 50),
  /** Gateways by serial. */
  serials: list(z.string().refine(isGatewaySerial, 'firmware.serial'), 20_000),
});
export type RolloutTarget = z.infer<typeof rolloutTargetInput>;

export interface ResolvedTarget {
  gatewayId: number;
  serial: string;
  siteId: number | null;
  timezone: string;
  fromVersion: string | null;
  online: boolean;
}

export interface Resolution {
  targets: ResolvedTarget[];
  /** Matched, but already run the release's version. */
  alreadyOnVersion: number;
  /** Matched, but taking part in another rollout that is not finished. */
  busy: number;
}

/** The gateways a targeting matches, minus those already on the version and those in another open rollout. */
export async function resolveTargets(
  db: Db,
  target: RolloutTarget,
  release: { version: string; hardware_revision: string },
): Promise<Resolution> {
  let q = db
    .selectFrom('gateways as g')
    .leftJoin('sites as s', 's.id', 'g.site_id')
    .select(['g.id', 'g.serial', 'g.site_id', 'g.firmware_version', 'g.online', 's.timezone'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('rollout_targets as t')
            .innerJoin('rollouts as r', 'r.id', 't.rollout_id')
            .select('t.gateway_id')
            .whereRef('t.gateway_id', '=', 'g.id')
            .where('r.status', 'in', ['running', 'paused'])
            .where('t.state', 'in', [...OPEN_TARGET_STATES]),
        )
        .as('busy'),
    );
  const hardware =
    target.hardwareRevision ?? (release.hardware_revision === '*' ? null : release.hardware_revision);
  if (hardware) q = q.where('g.hardware_revision', '=', hardware);
  if (target.organizationIds?.length) {
    const orgs = target.organizationIds;
    q = q.where((eb) =>
      eb.or([
        eb('s.organization_id', 'in', orgs),
        eb.and([eb('g.site_id', 'is', null), eb('g.organization_id', 'in', orgs)]),
      ]),
    );
  }
  if (target.tags?.length) {
    const tags = target.tags;
    q = q.where('g.site_id', 'in', (eb) =>
      eb.selectFrom('site_tags').select('site_id').where('tag', 'in', tags),
    );
  }
  if (target.serials?.length) q = q.where('g.serial', 'in', target.serials);
  const rows = await q.orderBy('g.id').execute();
  const out: Resolution = { targets: [], alreadyOnVersion: 0, busy: 0 };
  for (const r of rows) {
    if (target.versionRange && !satisfies(r.firmware_version, target.versionRange)) continue;
    if (r.firmware_version === release.version) {
      out.alreadyOnVersion++;
      continue;
    }
    if (Number(r.busy) > 0) {
      out.busy++;
      continue;
    }
    out.targets.push({
      gatewayId: r.id,
      serial: r.serial,
      siteId: r.site_id,
      timezone: r.timezone ?? 'Europe/Brussels',
      fromVersion: r.firmware_version,
      online: Boolean(r.online),
    });
  }
  return out;
}

/**
 * Cumulative wave sizes: wave i ends at ceil(pct_i % of n), at least one gateway in the first wave. A canary of 1 % of
 * 50 gateways is one gateway.
 */
export function waveSizes(n: number, pcts: readonly number[]): number[] {
  const sizes: number[] = [];
  let done = 0;
  pcts.forEach((pct, i) => {
    const upTo =
      i === pcts.length - 1 ? n : Math.min(n, Math.max(i === 0 && n > 0 ? 1 : 0, Math.ceil((pct / 100) * n)));
    const size = Math.max(0, upTo - done);
    sizes.push(size);
    done += size;
  });
  return sizes;
}

/** A stable shuffle per rollout, so the canary is not always the lowest ids (the oldest gateways). */
export function waveOrder<T extends { gatewayId: number }>(rolloutId: number, targets: readonly T[]): T[] {
  const key = (t: T) => createHash('sha1').update(`${rolloutId}:${t.gatewayId}`).digest().readUInt32BE(0);
  return targets
    .map((t) => ({ t, k: key(t) }))
    .sort((a, b) => a.k - b.k || a.t.gatewayId - b.t.gatewayId)
    .map((x) => x.t);
}
