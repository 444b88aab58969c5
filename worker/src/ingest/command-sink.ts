import { type Db, writeJson } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { CommandResponse, ConfigAckPayload } from '@ilumen/mqtt-contract';
import type { Redis } from 'ioredis';

export const commandChannel = (prefix: string, commandId: string) => `${prefix}:cmd:${commandId}`;

/**
 * `cmd/res` and `config/ack`: a command's answer lands on its row (only from the gateway it was sent to, and only
 * once), and whoever waits for it hears on its channel; a configuration's acknowledgement lands on the gateway's row.
 */
export class CommandSink {
  constructor(
    private readonly deps: { db: Db; redis: Redis; prefix: string; logger: Logger; now: () => Date },
  ) {}

  async result(gatewayId: number, res: CommandResponse): Promise<void> {
    const failed = !res.ok;
    const update = await this.deps.db
      .updateTable('commands')
      .set({
        status: res.ok ? 'succeeded' : res.error.code === 'expired' ? 'expired' : 'failed',
        result: res.ok ? writeJson(res.result) : null,
        error_code: failed ? res.error.code : null,
        error_message: failed ? res.error.message.slice(0, 1000) : null,
        finished_at: new Date(res.finishedAt),
      })
      .where('id', '=', res.id)
      .where('gateway_id', '=', gatewayId)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    if (Number(update.numUpdatedRows) === 0) {
      this.deps.logger.warn(
        { gateway_id: gatewayId, command_id: res.id },
        'answer to an unknown, foreign or finished command ignored',
      );
      return;
    }
    await this.deps.redis.publish(
      commandChannel(this.deps.prefix, res.id),
      JSON.stringify({ id: res.id, ok: res.ok }),
    );
  }

  async configAck(gatewayId: number, ack: ConfigAckPayload): Promise<void> {
    await this.deps.db
      .updateTable('gateway_configs')
      .set({
        acked_version: ack.version,
        acked_at: this.deps.now(),
        ack_ok: ack.ok,
        ack_error: ack.error ?? null,
      })
      .where('gateway_id', '=', gatewayId)
      .where('version', '>=', ack.version)
      .where((eb) => eb.or([eb('acked_version', 'is', null), eb('acked_version', '<=', ack.version)]))
      .execute();
  }
}

/** Commands nobody answered before they expired (the gateway was away): marked expired, with why. */
export async function expireCommands(db: Db, now: Date): Promise<number> {
  const res = await db
    .updateTable('commands')
    .set({
      status: 'expired',
      error_code: 'expired',
      error_message: 'The gateway did not answer before the command expired.',
      finished_at: now,
    })
    .where('status', '=', 'sent')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
