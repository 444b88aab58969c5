import { type Db, sql } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { StatePayload } from '@ilumen/mqtt-contract';

/**
 * The gateway row: online/offline, firmware and hardware revision, uptime from `state`; last seen from every message
 * (collected and written every few seconds, not per message).
 */
export class StateSink {
  private seen = new Map<number, number>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly deps: { db: Db; logger: Logger; now: () => Date },
    flushEveryMs = 5000,
  ) {
    this.timer = setInterval(() => void this.flushSeen(), flushEveryMs);
    this.timer.unref();
  }

  touch(gatewayId: number): void {
    this.seen.set(gatewayId, this.deps.now().getTime());
  }

  async state(gatewayId: number, state: StatePayload): Promise<void> {
    const now = this.deps.now();
    const online = state.online;
    const update = this.deps.db
      .updateTable('gateways')
      .set({
        online,
        online_changed_at: sql<Date>`IF(online <> ${online}, ${now}, online_changed_at)`,
        ...(state.online ? { firmware_version: state.firmwareVersion, hardware_revision: state.hardwareRevision, uptime_s: state.uptimeS, last_seen_at: now } : {}),
        updated_at: now,
      })
      .where('id', '=', gatewayId);
    await update.execute();
  }

  async flushSeen(): Promise<void> {
    if (this.seen.size === 0) return;
    const batch = this.seen;
    this.seen = new Map();
    // One statement per distinct second is plenty: last seen is read in minutes.
    const bySecond = new Map<number, number[]>();
    for (const [id, ms] of batch) {
      const s = Math.floor(ms / 1000) * 1000;
      bySecond.set(s, [...(bySecond.get(s) ?? []), id]);
    }
    try {
      for (const [s, ids] of bySecond) {
        await this.deps.db
          .updateTable('gateways')
          .set({ last_seen_at: new Date(s), online: true, online_changed_at: sql<Date>`IF(online = 0, ${new Date(s)}, online_changed_at)` })
          .where('id', 'in', ids)
          .execute();
      }
    } catch (error) {
      for (const [id, ms] of batch) if (!this.seen.has(id)) this.seen.set(id, ms);
      this.deps.logger.error({ err: (error as Error).message }, 'could not store last-seen times; will retry');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushSeen();
  }
}

/** Marks gateways offline that have been silent longer than `silentMs`, even when no last will arrived. */
export async function markSilentGatewaysOffline(db: Db, now: Date, silentMs: number): Promise<number> {
  const res = await db
    .updateTable('gateways')
    .set({ online: false, online_changed_at: now, updated_at: now })
    .where('online', '=', true)
    .where((eb) => eb.or([eb('last_seen_at', '<', new Date(now.getTime() - silentMs)), eb('last_seen_at', 'is', null)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
