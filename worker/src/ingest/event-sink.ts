import { type Db, writeJson } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { EventPayload } from '@ilumen/mqtt-contract';
import { recordChargeSessionEvents } from '@ilumen/services';
import { recordMeterPeakHistory } from '@ilumen/services/energy';
import { Batcher } from './batcher';
import { writeDeviceStatus } from './device-statuses';

interface Incoming {
  siteId: number;
  gatewayId: number;
  event: EventPayload;
}

function deviceKeyOf(e: EventPayload): string | null {
  if ('deviceId' in e && typeof e.deviceId === 'string') return e.deviceId;
  if ('chargerId' in e && typeof e.chargerId === 'string') return e.chargerId;
  if ('batteryId' in e && typeof e.batteryId === 'string') return e.batteryId;
  return null;
}

/**
 * `event` messages: the site timeline (a repeated event id is ignored), a device's status on its row (a late status
 * never overwrites a newer one), and charge sessions.
 */
export class EventSink {
  private readonly batcher: Batcher<Incoming>;
  constructor(private readonly deps: { db: Db; logger: Logger }) {
    this.batcher = new Batcher<Incoming>({
      name: 'events',
      maxItems: 500,
      maxWaitMs: 100,
      logger: deps.logger,
      flush: (items) => this.flush(items),
    });
  }

  get stats() {
    return this.batcher.stats;
  }

  /** Settles when the event is committed (with its charge session and device status). */
  accept(siteId: number, gatewayId: number, event: EventPayload): Promise<void> {
    return this.batcher.push({ siteId, gatewayId, event });
  }

  get pending(): number {
    return this.batcher.pending;
  }

  private async flush(items: Incoming[]): Promise<void> {
    // The meter's peak history is data for the month rows, not a moment on the timeline.
    const timeline = items.filter((i) => i.event.type !== 'meter.peakHistory');
    await this.deps.db.transaction().execute(async (trx) => {
      for (const { siteId, event } of items) {
        if (event.type === 'meter.peakHistory')
          await recordMeterPeakHistory(trx, siteId, event.months, new Date(event.ts));
      }
      if (timeline.length === 0) return;
      await trx
        .insertInto('events')
        .ignore()
        .values(
          timeline.map(({ siteId, gatewayId, event }) => {
            const { v: _v, id, ts, type, ...rest } = event;
            return {
              site_id: siteId,
              gateway_id: gatewayId,
              uid: id,
              ts: new Date(ts),
              type,
              device_key: deviceKeyOf(event),
              payload: writeJson(rest)!,
            };
          }),
        )
        .execute();
      // Charge sessions (start, energy, stop) become rows of their own, in the same transaction (decisions 030–034).
      await recordChargeSessionEvents(trx, timeline);
      for (const { siteId, event } of timeline) {
        if (event.type !== 'device.status') continue;
        await writeDeviceStatus(trx, siteId, {
          deviceKey: event.deviceId,
          status: event.to,
          ...(event.error ? { error: event.error } : {}),
          at: new Date(event.ts),
        });
      }
    });
  }

  drain(timeoutMs?: number): Promise<void> {
    return this.batcher.drain(timeoutMs);
  }
}
