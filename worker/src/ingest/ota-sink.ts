import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { OtaStatusPayload } from '@ilumen/mqtt-contract';
import { applyOtaStatuses, type OtaStatusItem } from '@ilumen/services';
import { Batcher } from './batcher';

/**
 * `ota/status`: each gateway's update steps onto its rollout target, in small batches (a wave of thousands of
 * gateways reports several steps each within minutes). Forward-only and idempotent, so QoS 1 repeats and outbox
 * replays after a gateway's restart change nothing.
 */
export class OtaSink {
  private readonly batcher: Batcher<OtaStatusItem>;
  readonly results = { applied: 0, ignored: 0 };

  constructor(private readonly deps: { db: Db; logger: Logger; now: () => Date }) {
    this.batcher = new Batcher<OtaStatusItem>({
      name: 'ota',
      maxItems: 500,
      maxWaitMs: 100,
      logger: deps.logger,
      flush: async (items) => {
        const r = await applyOtaStatuses(this.deps.db, items, this.deps.now());
        this.results.applied += r.applied;
        this.results.ignored += r.ignored;
      },
    });
  }

  get stats() {
    return { ...this.batcher.stats, ...this.results, pending: this.batcher.pending };
  }

  /** Settles when the step is on the rollout target. */
  accept(gatewayId: number, payload: OtaStatusPayload): Promise<void> {
    return this.batcher.push({ gatewayId, payload });
  }

  drain(timeoutMs?: number): Promise<void> {
    return this.batcher.drain(timeoutMs);
  }
}
