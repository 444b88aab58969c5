import { writeFileSync } from 'node:fs';
import {
  encode,
  otaPayloadSchema,
  parseTopic,
  sharedSubscription,
  topics,
  wildcard,
} from '@ilumen/mqtt-contract';
import mqtt from 'mqtt';

/**
 * Stand-ins for thousands of gateways in their own process (the rollout bench's load): a few MQTT connections share
 * every gateway's `ota` topic and answer each instruction for its serial as a healthy gateway would, step by step on
 * `ota/status` (QoS 1). Not full runtimes: the subject is the platform's scheduling and tracking, not the box.
 * On SIGTERM it writes its counts to the file given.
 */
const [url, clientsArg, outFile, gatewaysArg] = process.argv.slice(2);
const clients = await Promise.all(
  Array.from({ length: Number(clientsArg) }, (_, i) =>
    mqtt.connectAsync(url!, { clientId: `bench-standin-${process.pid}-${i}`, protocolVersion: 5 }),
  ),
);
let instructions = 0;
let statuses = 0;
const steps = ['downloading0', 'downloading100', 'verifying', 'installing', 'rebooting', 'healthy'] as const;
for (const client of clients) {
  client.on('message', (topic, payload) => {
    const t = parseTopic(topic);
    const ota = otaPayloadSchema.safeParse(JSON.parse(payload.toString()));
    if (t?.kind !== 'ota' || !ota.success) return;
    instructions++;
    const base = { v: 1 as const, rolloutId: ota.data.rolloutId, version: ota.data.version };
    for (const s of steps) {
      const ts = new Date().toISOString();
      const status =
        s === 'downloading0' || s === 'downloading100'
          ? { ...base, ts, step: 'downloading' as const, progressPct: s === 'downloading0' ? 0 : 100 }
          : { ...base, ts, step: s };
      client.publish(topics.otaStatus(t.serial), encode('otaStatus', status), { qos: 1 });
      statuses++;
    }
  });
  await client.subscribeAsync(sharedSubscription('standins', wildcard('ota')), { qos: 1 });
}
// every gateway is online before the rollout, as a real fleet is (the ingest knows them from their `state`)
const gateways = Number(gatewaysArg);
for (let i = 0; i < gateways; i++) {
  const serial = `ILS-R${String(i).padStart(7, '0')}`;
  const state = {
    v: 1 as const,
    online: true as const,
    ts: new Date().toISOString(),
    firmwareVersion: '1.0.0',
    hardwareRevision: 'B2',
    uptimeS: 100,
  };
  await clients[i % clients.length]!.publishAsync(topics.state(serial), encode('state', state), { qos: 1 });
}
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  writeFileSync(outFile!, JSON.stringify({ instructions, statuses }));
  await Promise.all(clients.map((c) => c.endAsync()));
  process.exit(0);
});
