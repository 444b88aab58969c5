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

/** Serials asked for in the same turn of the event loop, looked up together. */
interface Round {
  serials: Set<string>;
  done: Promise<void>;
}

/** Serials per lookup statement. */
const LOOKUP_CHUNK = 1000;

/**
 * Gateway serial → gateway and site, cached briefly: every message needs it, and a gateway moves to another site
 * only at commissioning (which announces it, see `forget`; the cache expires within a minute anyway).
 *
 * A cached answer is given at once (`peek`, no promise: the ingest's hot path). Serials not cached that are asked for
 * in the same turn of the event loop are looked up together, one statement per thousand (decision 150): an ingest
 * that starts, or whose cache expired, in front of a fleet would otherwise queue a query per gateway ahead of its
 * writes on the database pool.
 *
 * While the database is away, a gateway we knew keeps its last answer (its messages are still written once the
 * database is back, or wait unacknowledged); a serial we never resolved throws, so its message is tried again
 * rather than refused as unknown.
 */
export class GatewayDirectory {
  private readonly cache = new Map<string, Entry>();
  private round: Round | null = null;
  /** Answers given from an expired entry because the database could not be asked. */
  staleAnswers = 0;
  /** Lookup statements sent. */
  lookups = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
  ) {}

  /** The cached answer while it is fresh (`null`: no such gateway); `undefined` when the database must be asked. */
  peek(serial: string): GatewayRef | null | undefined {
    const hit = this.cache.get(serial);
    return hit && hit.until > this.now() ? hit.ref : undefined;
  }

  async resolve(serial: string): Promise<GatewayRef | null> {
    const fresh = this.peek(serial);
    if (fresh !== undefined) return fresh;
    const hit = this.cache.get(serial);
    try {
      await this.ask(serial);
    } catch (error) {
      // a lookup in parts may have answered this serial before a later part failed
      const answered = this.peek(serial);
      if (answered !== undefined) return answered;
      if (hit?.ref) {
        this.staleAnswers++;
        return hit.ref;
      }
      throw error;
    }
    return this.cache.get(serial)?.ref ?? null;
  }

  /** Joins `serial` to this turn's lookup; settles when it is answered. */
  private ask(serial: string): Promise<void> {
    if (!this.round) {
      const serials = new Set<string>();
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.round?.serials === serials) this.round = null;
        return this.lookup([...serials]);
      });
      this.round = { serials, done };
    }
    this.round.serials.add(serial);
    return this.round.done;
  }

  private async lookup(serials: string[]): Promise<void> {
    for (let i = 0; i < serials.length; i += LOOKUP_CHUNK) {
      const part = serials.slice(i, i + LOOKUP_CHUNK);
      this.lookups++;
      const rows = await this.db
        .selectFrom('gateways')
        .leftJoin('sites', 'sites.id', 'gateways.site_id')
        .select([
          'gateways.serial',
          'gateways.id',
          'gateways.site_id',
          'sites.grid_phases',
          'sites.main_fuse_a',
        ])
        .where('gateways.serial', 'in', part)
        .execute();
      const found = new Map(rows.map((r) => [r.serial.toUpperCase(), r]));
      const now = this.now();
      for (const serial of part) {
        const row = found.get(serial.toUpperCase());
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
        this.cache.set(serial, { ref, until: now + (ref ? this.ttlMs : this.ttlMs / 6) });
      }
    }
  }

  /** The gateway was claimed or moved: ask the database next time (the old answer stays only for an outage). */
  forget(serial: string): void {
    const hit = this.cache.get(serial);
    if (hit) hit.until = 0;
  }
}
