import { ContractError } from './contract-error';
import { describeIssues } from './issues';
import { type PayloadInput, type PayloadOf, payloadSchemas } from './payload-schemas';
import { type ParsedTopic, parseTopic, publishOptions, type Qos, type TopicKind, topicFor } from './topics';
import { CONTRACT_VERSION } from './version';

/** Larger payloads are refused unread; the biggest legitimate one (a config with 32 devices) is a few KiB. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export type PayloadResult<K extends TopicKind> =
  | { ok: true; payload: PayloadOf<K> }
  | { ok: false; reason: string };

export type Decoded = {
  [K in TopicKind]: { ok: true; serial: string; kind: K; payload: PayloadOf<K> };
}[TopicKind];
export type DecodeFailure = { ok: false; reason: string; serial?: string; kind?: TopicKind };
export type DecodeResult = Decoded | DecodeFailure;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Check an already-parsed value against a kind's schema. Never throws. */
export function parsePayload<K extends TopicKind>(kind: K, value: unknown): PayloadResult<K> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `${kind}: payload must be a JSON object` };
  }
  const v = (value as { v?: unknown }).v;
  if (typeof v === 'number' && v !== CONTRACT_VERSION) {
    return {
      ok: false,
      reason: `${kind}: contract version ${v} not supported (this side speaks v${CONTRACT_VERSION})`,
    };
  }
  const parsed = payloadSchemas[kind].safeParse(value);
  if (!parsed.success) return { ok: false, reason: `${kind}: ${describeIssues(parsed.error)}` };
  return { ok: true, payload: parsed.data as PayloadOf<K> };
}

/** Raw bytes (or text) of a kind → checked payload. Never throws: bad UTF-8, bad JSON, wrong shape all give a reason. */
export function decodePayload<K extends TopicKind>(kind: K, data: Uint8Array | string): PayloadResult<K> {
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size === 0) return { ok: false, reason: `${kind}: empty payload (a cleared retained message)` };
  if (size > MAX_PAYLOAD_BYTES)
    return { ok: false, reason: `${kind}: payload of ${size} bytes is over the limit` };
  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8.decode(data);
  } catch {
    return { ok: false, reason: `${kind}: payload is not valid UTF-8` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `${kind}: payload is not JSON (${(err as Error).message})` };
  }
  return parsePayload(kind, value);
}

/** A received message → serial, kind and checked payload, or the reason it was refused. Never throws. */
export function decode(topic: string, data: Uint8Array | string): DecodeResult {
  const parsed: ParsedTopic | null = parseTopic(topic);
  if (!parsed)
    return { ok: false, reason: `topic is not a contract v${CONTRACT_VERSION} gateway topic: ${topic}` };
  const result = decodePayload(parsed.kind, data);
  if (!result.ok) return { ok: false, reason: result.reason, serial: parsed.serial, kind: parsed.kind };
  return { ok: true, serial: parsed.serial, kind: parsed.kind, payload: result.payload } as Decoded;
}

/**
 * Payload → JSON text, checked against the schema first (defaults filled, unknown keys of closed objects dropped).
 * Throws ContractError: an invalid outgoing payload is a bug on our side and must not reach the wire.
 */
export function encode<K extends TopicKind>(kind: K, payload: PayloadInput<K>): string {
  const parsed = payloadSchemas[kind].safeParse(payload);
  if (!parsed.success) throw new ContractError(`${kind}: ${describeIssues(parsed.error)}`);
  return JSON.stringify(parsed.data);
}

export interface OutgoingMessage {
  topic: string;
  payload: string;
  qos: Qos;
  retain: boolean;
}

/** Everything `mqtt.publish` needs for one message: topic, encoded payload, QoS and retain from the table. */
export function buildMessage<K extends TopicKind>(
  serial: string,
  kind: K,
  payload: PayloadInput<K>,
): OutgoingMessage {
  return { topic: topicFor(kind, serial), payload: encode(kind, payload), ...publishOptions(kind) };
}

/** The last will to give `mqtt.connect({ will })`: retained `state` `{ v: 1, online: false }`. */
export function lastWill(serial: string): OutgoingMessage {
  return buildMessage(serial, 'state', { v: CONTRACT_VERSION, online: false });
}
