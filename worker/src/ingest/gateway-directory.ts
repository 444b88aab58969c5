import type { Db } from '@ilumen/db';

export interface GatewayRef {
  gatewayId: number;
  siteId: number | null;
}

/**
 * Gateway serial → gateway and site, cached briefly: every message needs it, and a gateway moves to another site
 * only at commissioning (the cache expires within a minute).
 */
export class GatewayDirectory {
  private readonly cache = new Map<string, { ref: GatewayRef | null; until: number }>();
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
  ) {}

  async resolve(serial: string): Promise<GatewayRef | null> {
    const hit = this.cache.get(serial);
    if (hit && hit.until > this.now()) return hit.ref;
    const row = await this.db
      .selectFrom('gateways')
      .select(['id', 'site_id'])
      .where('serial', '=', serial)
      .executeTakeFirst();
    const ref = row ? { gatewayId: row.id, siteId: row.site_id } : null;
    // Unknown gateways are looked up again sooner: they may be registered any moment.
    this.cache.set(serial, { ref, until: this.now() + (ref ? this.ttlMs : this.ttlMs / 6) });
    return ref;
  }

  forget(serial: string): void {
    this.cache.delete(serial);
  }
}
