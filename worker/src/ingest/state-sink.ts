import { type Db, sql } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { StatePayload } from '@ilumen/mqtt-contract';

/**
 * The gateway row: online/offline, firmware and hardware revision, uptime from `state`; last seen from every message
 * (collected and written every few seconds, not per message). Each change of online or firmware is also a line in
 * `gateway_connectivity`, the troubleshooting page's connectivity history.
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

  /**
   * A gateway's `state`. It is published at every connect and again whenever a device's status changes (a fresh
   * gateway sends several within a second), and the ingest handles messages side by side: the row is locked while
   * deciding, so one connect is one line of the history, not one per message. A first firmware version (a box that
   * had not reported one) is no change.
   */
  async state(gatewayId: number, state: StatePayload): Promise<void> {
    const now = this.deps.now();
    const online = state.online;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('gateways')
        .select(['online', 'firmware_version'])
        .where('id', '=', gatewayId)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .updateTable('gateways')
        .set({
          // before `online`: MariaDB and MySQL assign a single-table UPDATE's columns left to right, so an IF after
          // `online = …` read the new value and never moved the time
          online_changed_at: sql<Date>`IF(online <> ${online}, ${now}, online_changed_at)`,
          online,
          ...(state.online
            ? {
                firmware_version: state.firmwareVersion,
                hardware_revision: state.hardwareRevision,
                uptime_s: state.uptimeS,
                last_seen_at: now,
              }
            : {}),
          updated_at: now,
        })
        .where('id', '=', gatewayId)
        .execute();
      const firmware = state.online ? state.firmwareVersion : (before?.firmware_version ?? null);
      const updated = before?.firmware_version != null && firmware !== before.firmware_version;
      if (before && (before.online !== online || updated)) {
        await trx
          .insertInto('gateway_connectivity')
          .values({
            gateway_id: gatewayId,
            at: now,
            online,
            reason: state.online ? 'connect' : (state.reason ?? 'will'),
            firmware_version: firmware,
          })
          .execute();
      }
    });
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
        await this.deps.db.transaction().execute(async (trx) => {
          // locked, as `state` locks them: a gateway its connect message marks online at the same moment gets one line
          const back = await trx
            .selectFrom('gateways')
            .select(['id', 'firmware_version'])
            .where('id', 'in', ids)
            .where('online', '=', false)
            .forUpdate()
            .execute();
          await trx
            .updateTable('gateways')
            .set({
              last_seen_at: new Date(s),
              // before `online`, which the IF must read as it was (columns are assigned left to right)
              online_changed_at: sql<Date>`IF(online = 0, ${new Date(s)}, online_changed_at)`,
              online: true,
            })
            .where('id', 'in', ids)
            .execute();
          if (back.length) {
            await trx
              .insertInto('gateway_connectivity')
              .values(
                back.map((g) => ({
                  gateway_id: g.id,
                  at: new Date(s),
                  online: true,
                  reason: 'seen' as const,
                  firmware_version: g.firmware_version,
                })),
              )
              .execute();
          }
        });
      }
    } catch (error) {
      for (const [id, ms] of batch) if (!this.seen.has(id)) this.seen.set(id, ms);
      this.deps.logger.error(
        { err: (error as Error).message },
        'could not store last-seen times; will retry',
      );
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushSeen();
  }
}

/** Marks gateways offline that have been silent longer than `silentMs`, even when no last will arrived. */
export async function markSilentGatewaysOffline(db: Db, now: Date, silentMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - silentMs);
  const silent = await db
    .selectFrom('gateways')
    .select(['id', 'firmware_version'])
    .where('online', '=', true)
    .where((eb) => eb.or([eb('last_seen_at', '<', cutoff), eb('last_seen_at', 'is', null)]))
    .execute();
  if (silent.length === 0) return 0;
  let marked = 0;
  for (let i = 0; i < silent.length; i += 1000) {
    const part = silent.slice(i, i + 1000);
    await db.transaction().execute(async (trx) => {
      // Only those still silent now: a message may have arrived since the select.
      const res = await trx
        .updateTable('gateways')
        .set({ online: false, online_changed_at: now, updated_at: now })
        .where(
          'id',
          'in',
          part.map((g) => g.id),
        )
        .where('online', '=', true)
        .where((eb) => eb.or([eb('last_seen_at', '<', cutoff), eb('last_seen_at', 'is', null)]))
        .executeTakeFirst();
      marked += Number(res.numUpdatedRows);
      await trx
        .insertInto('gateway_connectivity')
        .values(
          part.map((g) => ({
            gateway_id: g.id,
            at: now,
            online: false,
            reason: 'silent' as const,
            firmware_version: g.firmware_version,
          })),
        )
        .execute();
    });
  }
  return marked;
}
