import { z } from 'zod';
import { deviceIdSchema, deviceTypeSchema, isoUtcSchema, versionField } from './common';

/** Where a Modbus device is reached: TCP (inverters, our own devices on the LAN) or RTU (RS-485 on the box). */
export const modbusEndpointSchema = z.discriminatedUnion('transport', [
  z.object({
    transport: z.literal('tcp'),
    host: z.string().min(1).max(253),
    port: z.int().min(1).max(65535).default(502),
  }),
  z.object({
    transport: z.literal('rtu'),
    path: z.string().min(1).max(256),
    baudRate: z.int().positive().default(9600),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
]);
export type ModbusEndpoint = z.infer<typeof modbusEndpointSchema>;

export const modbusUnitIdSchema = z.int().min(0).max(247);

/** The drivers the gateway has; `sunspec` discovers the model chain itself. */
export const modbusDriverSchema = z.enum(['sunspec', 'huawei-sun2000', 'ilubat', 'ilucharge', 'iluheat']);

export const modbusDeviceConfigSchema = z.object({
  id: deviceIdSchema,
  type: deviceTypeSchema.exclude(['meter']),
  driver: modbusDriverSchema,
  endpoint: modbusEndpointSchema,
  unitId: modbusUnitIdSchema,
  pollIntervalS: z.number().min(0.5).max(3600).optional(),
});
export type ModbusDeviceConfig = z.infer<typeof modbusDeviceConfigSchema>;

/**
 * A device as the platform's desired configuration names it: always its key and type (decision 071), and how to reach
 * it when the platform knows (the commissioning scan stores that). Without a connection the gateway keeps the one it
 * already has for that key (its own config file); the list stays the whole site either way, so a device is never
 * dropped because the platform lacks its address.
 */
export const desiredModbusDeviceSchema = z
  .object({
    id: deviceIdSchema,
    type: deviceTypeSchema.exclude(['meter']),
    driver: modbusDriverSchema.optional(),
    endpoint: modbusEndpointSchema.optional(),
    unitId: modbusUnitIdSchema.optional(),
    pollIntervalS: z.number().min(0.5).max(3600).optional(),
  })
  .refine(
    (d) =>
      (d.driver === undefined) === (d.endpoint === undefined) &&
      (d.endpoint === undefined) === (d.unitId === undefined),
    { message: 'give driver, endpoint and unitId together, or none of them', path: ['endpoint'] },
  );
export type DesiredModbusDevice = z.infer<typeof desiredModbusDeviceSchema>;

/**
 * The configuration body. Open on purpose: sections this gateway version does not know pass through untouched
 * (a newer platform may send more), while the sections it does know are checked.
 */
export const gatewayConfigBodySchema = z.looseObject({
  /** Seconds between `live` messages. */
  liveIntervalS: z.number().min(1).max(3600).optional(),
  p1: z
    .looseObject({
      enabled: z.boolean(),
      /** Serial device path, e.g. `/dev/ttyUSB0`. */
      path: z.string().min(1).max(256).optional(),
    })
    .optional(),
  modbus: z
    .looseObject({
      devices: z.array(desiredModbusDeviceSchema).max(32),
    })
    .optional(),
  /** Controller name (`peakShaving`, `loadBalancing`, `dynamicCharging`, …) → its settings. */
  controllers: z.record(z.string().min(1).max(64), z.looseObject({ enabled: z.boolean() })).optional(),
});
export type GatewayConfigBody = z.infer<typeof gatewayConfigBodySchema>;

/** `config` (retained, platform → gateway): the desired configuration. `version` only ever grows. */
export const configPayloadSchema = z.object({
  v: versionField,
  version: z.int().positive(),
  issuedAt: isoUtcSchema,
  config: gatewayConfigBodySchema,
});
export type ConfigPayload = z.infer<typeof configPayloadSchema>;

/** `config/ack`: the gateway applied (ok) or refused (ok: false, with why) that `version`. */
export const configAckPayloadSchema = z
  .object({
    v: versionField,
    version: z.int().positive(),
    ok: z.boolean(),
    error: z.string().min(1).max(1000).optional(),
    ts: isoUtcSchema.optional(),
  })
  .refine((a) => a.ok === (a.error === undefined), {
    message: 'error is required when ok is false, and not allowed when ok is true',
    path: ['error'],
  });
export type ConfigAckPayload = z.infer<typeof configAckPayloadSchema>;
