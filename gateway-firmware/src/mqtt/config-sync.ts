import {
  CONTRACT_VERSION,
  type ConfigPayload,
  type DecodeResult,
  type PayloadInput,
} from '@ilumen/mqtt-contract';
import type { Logger } from '../runtime/logger';

export type ApplyResult = { ok: true } | { ok: false; error: string };

export interface ConfigSyncOptions {
  /** The version applied before (persisted), or undefined when only the file's config runs. */
  appliedVersion: number | undefined;
  /** Checks and applies a desired config; must leave the running config untouched when it refuses. */
  apply: (payload: ConfigPayload) => Promise<ApplyResult>;
  ack: (ack: PayloadInput<'configAck'>) => void;
  now: () => number;
  logger: Logger;
}

/**
 * The retained desired `config` → applied and acknowledged on `config/ack` with its version. A version already
 * applied is acknowledged again without reapplying (the retained message comes back at every reconnect); an older
 * version or a config that does not check is refused with the reason, and the running config stays.
 */
export class ConfigSync {
  private applied: number | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConfigSyncOptions) {
    this.applied = options.appliedVersion;
  }

  get appliedVersion(): number | undefined {
    return this.applied;
  }

  /** Messages are handled one after another, in arrival order. */
  handle(decoded: DecodeResult, raw: Buffer): Promise<void> {
    this.chain = this.chain
      .then(() => this.process(decoded, raw))
      .catch((err) => {
        this.options.logger.error({ err }, 'config handling failed');
      });
    return this.chain;
  }

  private async process(decoded: DecodeResult, raw: Buffer): Promise<void> {
    const { options: o } = this;
    if (!decoded.ok || decoded.kind !== 'config') {
      if (raw.length === 0) return; // the platform cleared the retained config: nothing to apply
      const version = readableVersion(raw);
      const reason = decoded.ok ? 'not a config message' : decoded.reason;
      o.logger.warn({ version, reason }, 'desired config refused');
      if (version !== undefined) this.ack(version, reason);
      return;
    }
    const payload = decoded.payload;
    if (this.applied !== undefined && payload.version === this.applied) {
      this.ack(payload.version);
      return;
    }
    if (this.applied !== undefined && payload.version < this.applied) {
      this.ack(
        payload.version,
        `version ${payload.version} is older than the applied version ${this.applied}`,
      );
      return;
    }
    const result = await o.apply(payload);
    if (result.ok) {
      this.applied = payload.version;
      o.logger.info({ version: payload.version }, 'desired config applied');
      this.ack(payload.version);
    } else {
      o.logger.warn({ version: payload.version, error: result.error }, 'desired config refused');
      this.ack(payload.version, result.error);
    }
  }

  private ack(version: number, error?: string): void {
    const ack: PayloadInput<'configAck'> = {
      v: CONTRACT_VERSION,
      version,
      ok: error === undefined,
      ts: new Date(this.options.now()).toISOString(),
    };
    if (error !== undefined) ack.error = error.slice(0, 1000) || 'refused';
    this.options.ack(ack);
  }
}

/** The version of a message that failed the schema, so the refusal can still be acknowledged against it. */
function readableVersion(raw: Buffer): number | undefined {
  try {
    const v = (JSON.parse(raw.toString('utf8')) as { version?: unknown; v?: unknown }).version;
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}
