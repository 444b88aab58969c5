import type { Db } from '@ilumen/db';
import type { GridConnection } from '@ilumen/energy';

export interface GatewayRef {
  gatewayId: number;
  siteId: number | null;
  /** The site's grid connection, what its readings are checked against (decision 090); null without a site. */
  connection: GridConnection | null;
}

interface Entry {
  ref: GatewayRef | null;
  until: number;
}

/**
 * Gateway serial → gateway and site, cached briefly: every message needs it, and a gateway moves to another site
 * only at commissioning (which announces it, see `forget`; the cache expires within a minute anyway).
 *
 * While the database is away, a gateway we knew keeps its last answer (its messages are still written once the
 * database is back, or wait unacknowledged); a serial we never resolved throws, so its message is tried again
 * rather than refused as unknown. Lookups of one serial in flight at once share one query.
 */
export class GatewayDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<GatewayRef | null>>();
  /** Answers given from an expired entry because the database could not be asked. */
  staleAnswers = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
  ) {}

  async resolve(serial: string): Promise<GatewayRef | null> {
    const hit = this.cache.get(serial);
    if (hit && hit.until > this.now()) return hit.ref;
    let lookup = this.inFlight.get(serial);
    if (!lookup) {
      lookup = this.lookup(serial).finally(() => this.inFlight.delete(serial));
      this.inFlight.set(serial, lookup);
    }
    try {
      return await lookup;
    } catch (error) {
      if (hit?.ref) {
        this.staleAnswers++;
        return hit.ref;
      }
      throw error;
    }
  }

  private async lookup(serial: string): Promise<GatewayRef | null> {
    const row = await this.db
      .selectFrom('gateways')
      .leftJoin('sites', 'sites.id', 'gateways.site_id')
      .select(['gateways.id', 'gateways.site_id', 'sites.grid_phases', 'sites.main_fuse_a'])
      .where('gateways.serial', '=', serial)
      .executeTakeFirst();
    const ref = row
      ? {
          gatewayId: row.id,
          siteId: row.site_id,
          connection:
            row.grid_phases !== null && row.main_fuse_a !== null
              ? { gridPhases: row.grid_phases, mainFuseA: row.main_fuse_a }
              : null,
        }
      : null;
    // Unknown gateways are looked up again sooner: they may be registered any moment.
    this.cache.set(serial, { ref, until: this.now() + (ref ? this.ttlMs : this.ttlMs / 6) });
    return ref;
  }

  /** The gateway was claimed or moved: ask the database next time (the old answer stays only for an outage). */
  forget(serial: string): void {
    const hit = this.cache.get(serial);
    if (hit) hit.until = 0;
  }
}
