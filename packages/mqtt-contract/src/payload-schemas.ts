import type { z } from 'zod';
import { commandRequestSchema, commandResponseSchema } from './payloads/command';
import { configAckPayloadSchema, configPayloadSchema } from './payloads/config';
import { energyPayloadSchema } from './payloads/energy';
import { eventPayloadSchema } from './payloads/event';
import { livePayloadSchema } from './payloads/live';
import { otaPayloadSchema, otaStatusPayloadSchema } from './payloads/ota';
import { statePayloadSchema } from './payloads/state';
import type { TopicKind } from './topics';

/** Topic kind → the zod schema of its payload. */
export const payloadSchemas = {
  state: statePayloadSchema,
  live: livePayloadSchema,
  energy: energyPayloadSchema,
  event: eventPayloadSchema,
  config: configPayloadSchema,
  configAck: configAckPayloadSchema,
  cmdReq: commandRequestSchema,
  cmdRes: commandResponseSchema,
  ota: otaPayloadSchema,
  otaStatus: otaStatusPayloadSchema,
} as const satisfies Record<TopicKind, z.ZodType>;

/** The payload as received (defaults applied). */
export type PayloadOf<K extends TopicKind> = z.output<(typeof payloadSchemas)[K]>;
/** The payload as a sender may write it (fields with defaults optional). */
export type PayloadInput<K extends TopicKind> = z.input<(typeof payloadSchemas)[K]>;
