import { loadWorkerEnv } from './env';
import { createIngestSession } from './ingest/session';

// `npm run -w @ilumen/worker ingest:session`: creates the ingest's persistent session on the broker before any
// gateway speaks (a new broker, the demo), with the client id and share group the worker's ingest will use.
const env = loadWorkerEnv();
await createIngestSession({
  mqttUrl: env.MQTT_URL,
  mqttUsername: env.INGEST_MQTT_USERNAME ?? env.MQTT_USERNAME,
  mqttPassword: env.INGEST_MQTT_USERNAME ? env.INGEST_MQTT_PASSWORD : env.MQTT_PASSWORD,
  shareGroup: env.INGEST_SHARE_GROUP,
  clientId: env.INGEST_CLIENT_ID,
});
process.stdout.write(
  `ingest session ${env.INGEST_CLIENT_ID} (group ${env.INGEST_SHARE_GROUP}) is on the broker\n`,
);
