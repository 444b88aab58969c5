import type { LivePayload } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { canOnSite, LIVE_VALUES, requireSite } from '../policy';
import { id, parseInput } from '../validation';

/** Where the ingest keeps each site's latest live values and announces new ones (DESIGN.md §5: live values in Redis). */
export function liveKeys(prefix: string) {
  return {
    latest: (siteId: number) => `${prefix}:live:site:${siteId}`,
    channel: (siteId: number) => `${prefix}:live:${siteId}`,
  };
}

/** How long a site's latest live values stay: after that the gateway is silent and the view says so. */
export const LIVE_TTL_SECONDS = 15 * 60;

export interface LiveSnapshot {
  siteId: number;
  gatewaySerial: string;
  receivedAt: string;
  live: LivePayload;
}

/** Someone who may only see the chargers of a site gets the charger part of the live values and nothing else. */
export function liveForPermissions(snapshot: LiveSnapshot, fullData: boolean): LiveSnapshot {
  if (fullData) return snapshot;
  const { ts, v, chargers } = snapshot.live;
  return { ...snapshot, live: { v, ts, ...(chargers ? { chargers } : {}) } };
}

export class LiveService {
  private readonly keys: ReturnType<typeof liveKeys>;
  constructor(private readonly deps: ServiceDeps) {
    this.keys = liveKeys(deps.redisPrefix);
  }

  /** Checks the actor may watch the site live; returns whether it may see all of it or only the chargers. */
  async authorize(
    actor: Actor,
    input: unknown,
  ): Promise<{ siteId: number; fullData: boolean; channel: string }> {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    const access = await requireSite(this.deps.db, actor, siteId, LIVE_VALUES);
    return { siteId, fullData: canOnSite(access, 'site.data'), channel: this.keys.channel(siteId) };
  }

  async latest(actor: Actor, input: unknown): Promise<LiveSnapshot | null> {
    const { siteId, fullData } = await this.authorize(actor, input);
    const raw = await this.deps.redis.get(this.keys.latest(siteId));
    return raw ? liveForPermissions(JSON.parse(raw) as LiveSnapshot, fullData) : null;
  }
}
