import { gatewaySerialSchema, modbusDeviceConfigSchema } from '@ilumen/mqtt-contract';
import { z } from 'zod';

/** The config file's current layout version; older files are migrated on load (migrations.ts). */
export const CONFIG_VERSION = 2 as const;

const tlsSchema = z.strictObject({
  /** CA bundle that signed the broker's certificate (PEM). */
  caFile: z.string().min(1).optional(),
  /** Client certificate and key, when the broker asks for them (PEM). */
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  /** Only for a lab broker with a self-signed certificate. */
  rejectUnauthorized: z.boolean().default(true),
});

const mqttSchema = z
  .strictObject({
    /** `mqtt://host:1883` or `mqtts://host:8883` (TLS). */
    url: z
      .string()
      .regex(
        /^(mqtts?|wss?):\/\/[^\s/]+(:\d+)?(\/.*)?$/,
        'must be an mqtt://, mqtts://, ws:// or wss:// URL',
      ),
    /** Defaults to the gateway serial: the broker ACL keys the topic root on the username. */
    username: z.string().min(1).max(64).optional(),
    password: z.string().min(1).max(256),
    /** Stable across restarts so the broker resumes the persistent session; defaults to `gw-<serial>`. */
    clientId: z.string().min(1).max(64).optional(),
    keepaliveS: z.int().min(5).max(1200).default(30),
    /** How long the broker keeps the session (queued commands) while the gateway is away. */
    sessionExpiryS: z
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(7 * 24 * 3600),
    /** First reconnect delay (real time). */
    reconnectMs: z.int().min(100).max(60_000).default(1000),
    tls: tlsSchema.optional(),
  })
  .refine((m) => !m.tls?.certFile === !m.tls?.keyFile, {
    message: 'give both certFile and keyFile, or neither',
    path: ['tls'],
  });

const p1Schema = z
  .strictObject({
    enabled: z.boolean(),
    /** Serial device of the P1 cable, e.g. `/dev/ttyUSB0`. */
    path: z.string().min(1).max(256).optional(),
  })
  .refine((p) => !p.enabled || p.path !== undefined, {
    message: 'path is required when the P1 port is enabled',
    path: ['path'],
  });

const outboxSchema = z
  .strictObject({
    /** Disk the store-and-forward buffer may use; the oldest messages are dropped (and counted) beyond it. */
    maxBytes: z
      .int()
      .min(64 * 1024)
      .default(16 * 1024 * 1024),
    /** One segment file's size; the unit in which old messages are dropped. */
    segmentBytes: z
      .int()
      .min(4 * 1024)
      .default(1024 * 1024),
  })
  .refine((o) => o.segmentBytes * 2 <= o.maxBytes, {
    message: 'maxBytes must hold at least two segments',
    path: ['maxBytes'],
  });

/** Controller name → settings. Each controller checks its own settings (control/controllers.ts). */
export const controllersSchema = z.record(z.string().min(1).max(64), z.looseObject({ enabled: z.boolean() }));

/**
 * The gateway's config file (version 2). Strict objects: a misspelt key is an error, not a silently ignored
 * setting. Devices use the MQTT contract's own device schema so the file and the platform's desired config
 * describe devices the same way.
 */
export const gatewayConfigSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION),
    serial: gatewaySerialSchema,
    hardwareRevision: z.string().min(1).max(64).default('A1'),
    mqtt: mqttSchema,
    p1: p1Schema,
    modbus: z.strictObject({
      devices: z.array(modbusDeviceConfigSchema).max(32).default([]),
      /** Default poll interval of devices that do not set their own. */
      pollIntervalS: z.number().min(0.5).max(3600).default(2),
    }),
    /** Seconds between `live` messages. */
    liveIntervalS: z.number().min(1).max(3600).default(5),
    /** Where the store-and-forward buffer, the energy sequence and the platform's desired config are kept. */
    dataDir: z.string().min(1),
    outbox: outboxSchema.default({ maxBytes: 16 * 1024 * 1024, segmentBytes: 1024 * 1024 }),
    controllers: controllersSchema.default({}),
    /** Ed25519 public key (base64, 32 bytes raw) that firmware releases are signed with; used by OTA. */
    ota: z
      .strictObject({
        publicKey: z
          .base64()
          .refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes of base64 (raw ed25519)')
          .nullable()
          .default(null),
      })
      .default({ publicKey: null }),
    log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).default({
      level: 'info',
    }),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.modbus.devices.forEach((d, i) => {
      if (seen.has(d.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['modbus', 'devices', i, 'id'],
          message: `duplicate device id ${d.id}`,
        });
      }
      seen.add(d.id);
      if (!DRIVER_TYPES[d.driver].includes(d.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['modbus', 'devices', i, 'driver'],
          message: `driver ${d.driver} does not read a ${d.type} (it reads: ${DRIVER_TYPES[d.driver].join(', ')})`,
        });
      }
    });
  });

/** Which device types each configured driver family can read. */
export const DRIVER_TYPES: Record<z.infer<typeof modbusDeviceConfigSchema>['driver'], readonly string[]> = {
  sunspec: ['inverter', 'battery'],
  'huawei-sun2000': ['inverter', 'battery'],
  ilubat: ['battery'],
  ilucharge: ['charger'],
  iluheat: ['heat'],
};

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type DeviceConfig = GatewayConfig['modbus']['devices'][number];

/** Gateway username on the broker: the configured one or the serial. */
export function mqttUsername(c: GatewayConfig): string {
  return c.mqtt.username ?? c.serial;
}

export function mqttClientId(c: GatewayConfig): string {
  return c.mqtt.clientId ?? `gw-${c.serial}`;
}
