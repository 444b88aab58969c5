import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { requirePermission } from '../policy';

/** What each ingest process says of itself, every 15 s (the worker's ingest writes it; decisions 115, 151). */
export interface IngestHealth {
  connected: boolean;
  /** The subscriptions of the current connection were granted. */
  subscribed: boolean;
  /** Milliseconds since the last message of any kind. */
  lastMessageAgeMs: number;
  /** Silent although gateways should be talking (see the ingest's SilenceWatch). */
  silent: boolean;
  /** QoS 1 messages received on this connection and not yet committed and acknowledged. */
  unacked: number;
}

export interface IngestHealthReport extends IngestHealth {
  /** When the process wrote it (ISO). */
  at: string;
  pid: number;
}

/**
 * Where each ingest process keeps its health for whoever watches without an HTTP port (the console's start page, a
 * metrics exporter): refreshed every 15 s with a minute's expiry, so a dead process's key goes away (decision 115).
 */
export const ingestHealthKey = (prefix: string, clientId: string) => `${prefix}:ingest:health:${clientId}`;

/**
 * `ok`: every process hears the fleet. `degraded`: at least one does, another is disconnected, unsubscribed or silent.
 * `silent`: processes run but none hears the fleet. `none`: no ingest process reports at all (nothing is stored).
 */
export type IngestState = 'ok' | 'degraded' | 'silent' | 'none';

export interface IngestOverview {
  state: IngestState;
  processes: number;
  /** Since the newest message any process received, as of now; null without processes. */
  lastMessageAgeMs: number | null;
  unacked: number;
}

const hears = (h: IngestHealth) => h.connected && h.subscribed && !h.silent;

/** The path from the broker to the database as the support desk and the fleet team see it on the console. */
export class IngestHealthService {
  constructor(private readonly deps: ServiceDeps) {}

  async overview(actor: Actor): Promise<IngestOverview> {
    requirePermission(actor, 'platform.health');
    const reports = await this.reports();
    const now = this.deps.clock.now().getTime();
    const ages = reports.map((r) => r.lastMessageAgeMs + Math.max(0, now - Date.parse(r.at)));
    const hearing = reports.filter(hears).length;
    return {
      state:
        reports.length === 0
          ? 'none'
          : hearing === reports.length
            ? 'ok'
            : hearing > 0
              ? 'degraded'
              : 'silent',
      processes: reports.length,
      lastMessageAgeMs: ages.length ? Math.min(...ages) : null,
      unacked: reports.reduce((n, r) => n + r.unacked, 0),
    };
  }

  private async reports(): Promise<IngestHealthReport[]> {
    const { redis, redisPrefix } = this.deps;
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(
        cursor,
        'MATCH',
        ingestHealthKey(redisPrefix, '*'),
        'COUNT',
        100,
      );
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await redis.mget(...keys);
    const out: IngestHealthReport[] = [];
    for (const v of values) {
      if (!v) continue;
      try {
        out.push(JSON.parse(v) as IngestHealthReport);
      } catch {
        // a value not written by an ingest: not a process
      }
    }
    return out;
  }
}
