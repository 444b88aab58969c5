import { z } from 'zod';

/**
 * Layout version 1, as the first firmware wrote it: broker as host/port/tls, the P1 port as a bare path (null when
 * absent), devices at the top level and the live interval in milliseconds. Only read, to be migrated.
 */
export const gatewayConfigV1Schema = z.looseObject({
  version: z.literal(1),
  serial: z.string(),
  broker: z.looseObject({
    host: z.string().min(1),
    port: z.int().min(1).max(65535).optional(),
    tls: z.boolean().default(false),
    username: z.string().optional(),
    password: z.string(),
    caFile: z.string().optional(),
  }),
  p1Port: z.string().min(1).nullable(),
  devices: z.array(z.unknown()).default([]),
  liveIntervalMs: z.int().positive().optional(),
  dataDir: z.string(),
});

export type GatewayConfigV1 = z.infer<typeof gatewayConfigV1Schema>;
