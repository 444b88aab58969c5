import {
  CONTRACT_VERSION,
  type CommandArgs,
  type CommandName,
  type CommandRequest,
  type CommandResult,
  commandEnvelopeSchema,
  commandNames,
  type DecodeResult,
  isExpired,
  type PayloadInput,
} from '@ilumen/mqtt-contract';
import { isModbusError } from '../modbus/modbus-error';
import type { Logger } from '../runtime/logger';

type ErrorCode = Extract<PayloadInput<'cmdRes'>, { ok: false }>['error']['code'];

/** A failure a handler reports on purpose, with the contract's error code. */
export class CommandError extends Error {
  override readonly name = 'CommandError';

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type CommandHandler<N extends CommandName> = (
  args: CommandArgs<N>,
  request: CommandRequest,
) => Promise<CommandResult<N>>;
export type CommandHandlers = { [N in CommandName]?: CommandHandler<N> };

export interface CommandDispatcherOptions {
  handlers: CommandHandlers;
  /** Clock ms: expiry is judged on the gateway's clock. */
  now: () => number;
  respond: (response: PayloadInput<'cmdRes'>) => void;
  logger: Logger;
  /** Real-time limit per command; a scan of many unit ids gets longer. */
  timeoutMs?: (name: CommandName) => number;
  /** Remembered answers, so a redelivered request (QoS 1) is answered again instead of run twice. */
  remember?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function errorCodeOf(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof CommandError) return { code: err.code, message: err.message };
  if (isModbusError(err)) {
    return { code: err.kind === 'timeout' ? 'timeout' : 'device_error', message: err.message };
  }
  if (err instanceof RangeError) return { code: 'invalid_request', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/**
 * `cmd/req` → the handler for its name → `cmd/res`. Every request that carries a readable id gets an answer: a
 * result, `expired` when its deadline passed before it ran, `unknown_command`, `invalid_request`, or the handler's
 * failure. An id is executed once.
 */
export class CommandDispatcher {
  private readonly answers = new Map<string, PayloadInput<'cmdRes'> | 'running'>();

  constructor(private readonly options: CommandDispatcherOptions) {}

  handle(decoded: DecodeResult, raw: Buffer): Promise<void> {
    if (decoded.ok && decoded.kind === 'cmdReq') return this.run(decoded.payload);
    return Promise.resolve(this.refuse(decoded.ok ? 'not a command' : decoded.reason, raw));
  }

  private async run(request: CommandRequest): Promise<void> {
    const { options: o } = this;
    const seen = this.answers.get(request.id);
    if (seen === 'running') return;
    if (seen) {
      o.respond(seen);
      return;
    }
    const now = o.now();
    if (isExpired(request, new Date(now))) {
      this.answer(request.id, request.name, { code: 'expired', message: `expired at ${request.expiresAt}` });
      return;
    }
    const handler = o.handlers[request.name] as CommandHandler<CommandName> | undefined;
    if (!handler) {
      this.answer(request.id, request.name, {
        code: 'unknown_command',
        message: `${request.name} is not supported by this gateway`,
      });
      return;
    }
    this.answers.set(request.id, 'running');
    o.logger.info({ id: request.id, name: request.name }, 'command');
    let timer: NodeJS.Timeout | undefined;
    const limit = o.timeoutMs?.(request.name) ?? DEFAULT_TIMEOUT_MS;
    try {
      const result = await Promise.race([
        handler(request.args as never, request),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new CommandError('timeout', `no result within ${limit} ms`)),
            limit,
          );
        }),
      ]);
      this.remember(request.id, {
        v: CONTRACT_VERSION,
        id: request.id,
        ok: true,
        name: request.name,
        result,
        finishedAt: new Date(o.now()).toISOString(),
      } as PayloadInput<'cmdRes'>);
    } catch (err) {
      const e = errorCodeOf(err);
      o.logger.warn({ id: request.id, name: request.name, code: e.code, err: e.message }, 'command failed');
      this.answer(request.id, request.name, e);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A request that did not pass the contract: answer it when its envelope is readable, else only log. */
  private refuse(reason: string, raw: Buffer): void {
    let envelope: { id: string; name: string } | undefined;
    try {
      const parsed = commandEnvelopeSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success) envelope = parsed.data;
    } catch {
      // not JSON: nothing to answer to
    }
    if (!envelope) {
      this.options.logger.warn({ reason }, 'unreadable command ignored');
      return;
    }
    const known = (commandNames as string[]).includes(envelope.name);
    this.answer(envelope.id, envelope.name, {
      code: known ? 'invalid_request' : 'unknown_command',
      message: (known ? reason : `${envelope.name} is not a command this gateway knows`).slice(0, 1000),
    });
  }

  private answer(id: string, name: string, error: { code: ErrorCode; message: string }): void {
    this.remember(id, {
      v: CONTRACT_VERSION,
      id,
      ok: false,
      name: name.slice(0, 64),
      error: { code: error.code, message: (error.message || error.code).slice(0, 1000) },
      finishedAt: new Date(this.options.now()).toISOString(),
    });
  }

  private remember(id: string, response: PayloadInput<'cmdRes'>): void {
    this.answers.set(id, response);
    const max = this.options.remember ?? 256;
    while (this.answers.size > max) {
      const oldest = this.answers.keys().next().value;
      if (oldest === undefined) break;
      this.answers.delete(oldest);
    }
    this.options.respond(response);
  }
}
