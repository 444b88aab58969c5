import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PLATFORM_USERS, type PlatformUser } from './acl';
import { renderDynsecConfig, renderMosquittoConf } from './config';
import { formatPasswordHash, generateBrokerPassword, hashBrokerPassword } from './password';

// `npm run -w @ilumen/broker init -- --dir /etc/mosquitto/ilumen --tls-cert … --tls-key …`: a production broker's
// mosquitto.conf and first dynamic security state, with new passwords for the platform users, printed once as the
// environment lines the portal and the worker need (docs/broker.md). Refuses to overwrite an existing state.
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    port: { type: 'string', default: '1883' },
    'tls-port': { type: 'string', default: '8883' },
    'platform-host': { type: 'string', default: '127.0.0.1' },
    persistence: { type: 'string', default: '/var/lib/mosquitto/' },
  },
});
if (!values.dir || !values['tls-cert'] || !values['tls-key']) {
  process.stderr.write(
    'usage: init -- --dir DIR --tls-cert FILE --tls-key FILE [--port 1883] [--tls-port 8883]\n',
  );
  process.exit(2);
}
const dir = resolve(values.dir);
const dynsecFile = join(dir, 'dynamic-security.json');
if (existsSync(dynsecFile)) {
  process.stderr.write(`${dynsecFile} exists: the broker owns it now; change logins through the portal\n`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
const users = Object.keys(PLATFORM_USERS) as PlatformUser[];
const passwords = Object.fromEntries(users.map((u) => [u, generateBrokerPassword()])) as Record<
  PlatformUser,
  string
>;
writeFileSync(dynsecFile, renderDynsecConfig({ platform: passwords }), { mode: 0o600 });
writeFileSync(
  join(dir, 'mosquitto.conf'),
  renderMosquittoConf({
    dynsecFile,
    plain: { port: Number(values.port), host: values['platform-host'] },
    tls: { port: Number(values['tls-port']), certFile: values['tls-cert'], keyFile: values['tls-key'] },
    persistenceDir: values.persistence,
    // the default: an hour of 100,000 gateways' QoS 1 traffic for the ingest's session (decision 116)
    logTypes: ['error', 'warning', 'notice'],
  }),
);
const out = (s: string) => process.stdout.write(`${s}\n`);
out(`# written: ${join(dir, 'mosquitto.conf')}, ${dynsecFile} (chown both to the mosquitto user)`);
out('# portal:');
out(`MQTT_USERNAME=${PLATFORM_USERS.portal}\nMQTT_PASSWORD=${passwords.portal}`);
out(
  `BROKER_CREDENTIALS=mosquitto-dynsec\nBROKER_ADMIN_USERNAME=${PLATFORM_USERS.admin}\nBROKER_ADMIN_PASSWORD=${passwords.admin}`,
);
out('# worker:');
out(`MQTT_USERNAME=${PLATFORM_USERS.worker}\nMQTT_PASSWORD=${passwords.worker}`);
out(`INGEST_MQTT_USERNAME=${PLATFORM_USERS.ingest}\nINGEST_MQTT_PASSWORD=${passwords.ingest}`);
out('# a clustered broker authenticating through the portal instead (docs/broker.md), MQTT_AUTH_USERS=');
out(
  users.map((u) => `${PLATFORM_USERS[u]}:${formatPasswordHash(hashBrokerPassword(passwords[u]))}`).join(' '),
);
