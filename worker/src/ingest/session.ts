import { sharedSubscription, type TopicKind, wildcard } from '@ilumen/mqtt-contract';
import mqtt, { type IClientOptions } from 'mqtt';

/** What the gateways send that the ingest takes in; shared between the ingest processes of one group. */
const SHARED_KINDS: TopicKind[] = ['live', 'energy', 'event', 'cmdRes', 'configAck', 'otaStatus'];

/**
 * How long the broker keeps the ingest's session (and queues QoS 1 messages for it) while no ingest is connected:
 * long enough for a worker that is down over a weekend, so a restart loses nothing.
 */
export const INGEST_SESSION_EXPIRY_S = 7 * 24 * 3600;

export interface IngestSessionOptions {
  mqttUrl: string;
  mqttUsername?: string;
  mqttPassword?: string;
  shareGroup: string;
  clientId: string;
}

/**
 * The ingest's subscriptions. Everything but `state` goes to one process of the share group. `state` is retained and
 * the broker never sends retained messages to a shared subscription, so every ingest process subscribes to it
 * plainly: at each (re)subscribe it gets every gateway's current state, device statuses included (decision 071),
 * however late it started. Handling a state twice is harmless (statuses are written only when newer).
 */
export function ingestSubscriptions(shareGroup: string): string[] {
  return [...SHARED_KINDS.map((k) => sharedSubscription(shareGroup, wildcard(k))), wildcard('state')];
}

/** A persistent session (clean start off) under a stable client id: messages wait for it across a restart. */
export function ingestConnectOptions(o: IngestSessionOptions): IClientOptions {
  return {
    clientId: o.clientId,
    username: o.mqttUsername,
    password: o.mqttPassword,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: INGEST_SESSION_EXPIRY_S },
    reconnectPeriod: 2000,
  };
}

/**
 * Creates the ingest's session on the broker (subscriptions included) and leaves, so the broker queues what gateways
 * send from now on even before any ingest runs. Run before gateways are let onto a new broker: the demo does, and a
 * deployment does at its first start (`npm run -w @ilumen/worker ingest:session`); otherwise whatever a gateway sends
 * before the first ingest subscribes is lost. Use the client id the ingest runs with: a session of another id in the
 * same share group would take its turn of the messages and keep them.
 */
export async function createIngestSession(o: IngestSessionOptions): Promise<void> {
  const client = await mqtt.connectAsync(o.mqttUrl, { ...ingestConnectOptions(o), reconnectPeriod: 0 });
  try {
    await client.subscribeAsync(ingestSubscriptions(o.shareGroup), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}
