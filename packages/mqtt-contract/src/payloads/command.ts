import { z } from 'zod';
import { smartChargeSchema } from './charging';
import { deviceIdSchema, isoUtcSchema, messageIdSchema, versionField } from './common';
import { modbusEndpointSchema, modbusUnitIdSchema } from './config';

/* Each command: its name, the zod schema of its args and of the result the gateway answers with. */

const chargeStart = {
  args: z
    .object({
      chargerId: deviceIdSchema,
      mode: z.enum(['fast', 'smart']),
      /** Who started it in the app; carried into the charge session events. */
      userId: z.string().min(1).max(64).optional(),
      /**
       * Smart mode's ecological level and optional range-by-time guarantee. Left out, a smart session charges on solar
       * surplus only (an older platform sends none). Only with mode `smart`.
       */
      smart: smartChargeSchema.optional(),
    })
    .refine((a) => a.mode === 'smart' || a.smart === undefined, {
      message: 'smart settings only with mode smart',
      path: ['smart'],
    }),
  result: z.object({ sessionId: z.string().min(1).max(64) }),
};

const chargeStop = {
  args: z.object({ chargerId: deviceIdSchema }),
  result: z.object({
    sessionId: z.string().min(1).max(64).nullable(),
    energyWh: z.int().nonnegative().optional(),
  }),
};

const modbusScan = {
  args: z.object({
    endpoint: modbusEndpointSchema,
    /** Unit ids to probe; default 1. A full 1–247 sweep on RTU takes minutes, so ask for a range on purpose. */
    unitIds: z.array(modbusUnitIdSchema).min(1).max(247).default([1]),
  }),
  result: z.object({
    devices: z.array(
      z.object({
        unitId: modbusUnitIdSchema,
        /** SunSpec base address found (40000, 0 or 50000), or null when the device is not SunSpec. */
        sunspecBase: z.int().min(0).max(65535).nullable(),
        /** Model ids in chain order (e.g. [1, 103, 160]). */
        models: z.array(z.int().min(0).max(65535)),
        manufacturer: z.string().max(64).optional(),
        model: z.string().max(64).optional(),
        serialNumber: z.string().max(64).optional(),
      }),
    ),
  }),
};

const modbusRead = {
  args: z
    .object({
      /** A configured device (its endpoint is used) … */
      deviceId: deviceIdSchema.optional(),
      /** … or an explicit endpoint. Exactly one of the two. */
      endpoint: modbusEndpointSchema.optional(),
      unit: modbusUnitIdSchema,
      address: z.int().min(0).max(65535),
      /** 125 is the Modbus limit for one read of holding/input registers. */
      count: z.int().min(1).max(125),
      kind: z.enum(['holding', 'input']),
    })
    .refine((a) => (a.deviceId === undefined) !== (a.endpoint === undefined), {
      message: 'give exactly one of deviceId and endpoint',
      path: ['deviceId'],
    })
    .refine((a) => a.address + a.count <= 65536, { message: 'address + count past 65535', path: ['count'] }),
  result: z.object({ registers: z.array(z.int().min(0).max(65535)) }),
};

const reboot = {
  args: z.object({ delayS: z.int().min(0).max(3600).default(0) }),
  result: z.object({ rebootAt: isoUtcSchema }),
};

const p1LastTelegram = {
  args: z.object({}),
  /** The last telegram as received (good or refused), for support; null when none arrived since start. */
  result: z.object({
    receivedAt: isoUtcSchema.nullable(),
    telegram: z.string().max(16384).nullable(),
    ok: z.boolean().nullable(),
    reason: z.string().max(500).optional(),
  }),
};

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** The gateway's latest log lines (it keeps the last few hundred in memory), for support. */
const logTail = {
  args: z.object({
    lines: z.int().min(1).max(500).default(100),
    /** Lines at this level and above. */
    minLevel: z.enum(LOG_LEVELS).default('info'),
  }),
  result: z.object({
    lines: z
      .array(
        z.object({
          ts: isoUtcSchema,
          level: z.enum(LOG_LEVELS),
          /** The line's message; its other fields as `key=value` after it. */
          msg: z.string().max(2000),
        }),
      )
      .max(500),
  }),
};

export const commandSchemas = {
  'charge.start': chargeStart,
  'charge.stop': chargeStop,
  'modbus.scan': modbusScan,
  'modbus.read': modbusRead,
  reboot,
  'p1.lastTelegram': p1LastTelegram,
  'log.tail': logTail,
} as const;

export type CommandName = keyof typeof commandSchemas;
export const commandNames = Object.keys(commandSchemas) as CommandName[];
export type CommandArgs<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['args']>;
export type CommandArgsInput<N extends CommandName> = z.input<(typeof commandSchemas)[N]['args']>;
export type CommandResult<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['result']>;

/* name and schema passed separately: indexing commandSchemas with a generic name would widen to every command's args */
function request<N extends CommandName, A extends z.ZodType>(name: N, args: A) {
  return z.object({
    v: versionField,
    /** The response carries the same id; the gateway executes an id once. */
    id: messageIdSchema,
    name: z.literal(name),
    args,
    issuedAt: isoUtcSchema,
    /** After this instant the gateway answers `expired` instead of acting (a charge start an hour late is wrong). */
    expiresAt: isoUtcSchema,
  });
}

/** `cmd/req` (platform → gateway). */
export const commandRequestSchema = z
  .discriminatedUnion('name', [
    request('charge.start', chargeStart.args),
    request('charge.stop', chargeStop.args),
    request('modbus.scan', modbusScan.args),
    request('modbus.read', modbusRead.args),
    request('reboot', reboot.args),
    request('p1.lastTelegram', p1LastTelegram.args),
    request('log.tail', logTail.args),
  ])
  .refine((r) => Date.parse(r.expiresAt) > Date.parse(r.issuedAt), {
    message: 'expiresAt must be after issuedAt',
    path: ['expiresAt'],
  });
export type CommandRequest = z.infer<typeof commandRequestSchema>;

export const commandErrorCodeSchema = z.enum([
  /** expiresAt had passed when the gateway got to it. */
  'expired',
  /** Name known but args refused; or the envelope was malformed but its id readable. */
  'invalid_request',
  /** A name this firmware does not know (a newer platform). */
  'unknown_command',
  /** deviceId / chargerId not configured on this gateway. */
  'not_found',
  'busy',
  /** The device answered with an error (Modbus exception, charger refused). */
  'device_error',
  'timeout',
  'internal',
]);

function success<N extends CommandName, R extends z.ZodType>(name: N, result: R) {
  return z.object({
    v: versionField,
    id: messageIdSchema,
    ok: z.literal(true),
    name: z.literal(name),
    result,
    finishedAt: isoUtcSchema,
  });
}

/**
 * `cmd/res` (gateway → platform). On success `name` is echoed so `result` is checked against that command's
 * result schema; on failure `name` is echoed when the gateway could read it.
 */
export const commandResponseSchema = z.discriminatedUnion('ok', [
  z.discriminatedUnion('name', [
    success('charge.start', chargeStart.result),
    success('charge.stop', chargeStop.result),
    success('modbus.scan', modbusScan.result),
    success('modbus.read', modbusRead.result),
    success('reboot', reboot.result),
    success('p1.lastTelegram', p1LastTelegram.result),
    success('log.tail', logTail.result),
  ]),
  z.object({
    v: versionField,
    id: messageIdSchema,
    ok: z.literal(false),
    name: z.string().max(64).optional(),
    error: z.object({ code: commandErrorCodeSchema, message: z.string().min(1).max(1000) }),
    finishedAt: isoUtcSchema,
  }),
]);
export type CommandResponse = z.infer<typeof commandResponseSchema>;

/** Has the request's deadline passed at `now`? (Deadline instant itself counts as expired.) */
export function isExpired(req: Pick<CommandRequest, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(req.expiresAt);
}

/**
 * The envelope alone, loosely: when a request fails `commandRequestSchema` (unknown name, bad args) the gateway
 * still reads its id and name from this to answer `unknown_command` / `invalid_request` instead of staying silent.
 */
export const commandEnvelopeSchema = z.object({
  v: versionField,
  id: messageIdSchema,
  name: z.string().max(64),
  expiresAt: isoUtcSchema.optional(),
});
