import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createGatewayLogger } from '../../runtime/logger';
import type { SiteProfile } from './simulated-site';
import { type Simulation, startSimulation } from './simulation';

const USAGE = `usage: sim -- [--gateways N] [--speed X] [--broker URL] [--ca FILE] [--password PW | --credentials FILE]
            [--seed N] [--start ISO] [--live-interval S] [--data-dir DIR] [--log-level LEVEL] [--report S]
            [--ota-public-key BASE64]  (the ed25519 key firmware releases are signed with; default none: updates refused)
            [--profiles FILE]  (JSON array, one partial home per gateway: pvKwp, battery, ev, boiler, phases,
            ean (the EAN its meter reports), deviceKeys, hardwareRevision (what the box reports; default SIM)…)
            [--journal]  (with --data-dir: <data-dir>/<serial>/produced.jsonl lists every energy boundary and
                         charge session the gateways put in their outboxes)
--data-dir keeps each home's meter and device counters: started again on it, the simulator continues the
simulated time and the counters from the last quarter boundary, as real meters would after a power cut.
Plays N simulated homes, each with a full gateway (own MQTT connection and serial ILS-SIM00001…).
--speed 60 makes a simulated hour pass in a real minute. Credentials: username = serial; --password gives every
gateway the same password (default "sim"); --credentials FILE reads {"<serial>": "<password>"} (the demo's, made
through the broker's dynamic security). --ca FILE: the CA an mqtts:// broker's certificate is checked against.`;

export async function runSim(argv: string[]): Promise<Simulation | null> {
  const { values } = parseArgs({
    args: argv,
    options: {
      gateways: { type: 'string', default: '1' },
      speed: { type: 'string', default: '1' },
      broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      password: { type: 'string', default: 'sim' },
      credentials: { type: 'string' },
      ca: { type: 'string' },
      seed: { type: 'string', default: '1' },
      start: { type: 'string' },
      'live-interval': { type: 'string', default: '5' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      report: { type: 'string', default: '10' },
      profiles: { type: 'string' },
      'ota-public-key': { type: 'string' },
      journal: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  const gateways = Number(values.gateways);
  const speed = Number(values.speed);
  if (!Number.isInteger(gateways) || gateways < 1 || !(speed > 0)) {
    process.stderr.write(`--gateways must be a whole number ≥ 1 and --speed > 0\n${USAGE}\n`);
    process.exitCode = 2;
    return null;
  }
  const logger = createGatewayLogger({ level: values['log-level'], name: 'sim' });
  // Homes to match what the platform knows of each site (the demo passes the seeded devices).
  const overrides = values.profiles
    ? (JSON.parse(readFileSync(values.profiles, 'utf8')) as Array<Partial<SiteProfile>>)
    : [];
  const password = values.password;
  const perGateway = values.credentials
    ? z.record(z.string(), z.string().min(1)).parse(JSON.parse(readFileSync(values.credentials, 'utf8')))
    : {};
  // The release key the gateways trust (as a real box has it from the factory); without it they refuse every update.
  const otaKey = values['ota-public-key'];
  const sim = await startSimulation({
    gateways,
    speed,
    brokerUrl: values.broker,
    ...(values.ca ? { brokerCaFile: values.ca } : {}),
    credentials: (serial) => ({ password: perGateway[serial] ?? password }),
    seed: Number(values.seed),
    ...(values.start ? { start: new Date(values.start) } : {}),
    liveIntervalS: Number(values['live-interval']),
    profile: (index, generated) => ({ ...generated, ...(overrides[index] ?? {}) }),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    journal: values.journal,
    ...(otaKey ? { gatewayConfig: () => ({ ota: { publicKey: otaKey } }) } : {}),
    logger,
  });
  process.stdout.write(
    `${gateways} simulated gateway(s) at ${speed}× on ${values.broker}: ${sim.gateways[0]?.serial} … ${sim.gateways.at(-1)?.serial}; data in ${sim.dataDir}\n`,
  );
  const reportMs = Number(values.report) * 1000;
  const timer =
    reportMs > 0
      ? setInterval(() => {
          const now = new Date(sim.clock.now()).toISOString();
          let connected = 0;
          let pending = 0;
          let energy = 0;
          for (const g of sim.gateways) {
            const s = g.runtime.mqtt.stats();
            if (s.connected) connected++;
            pending += s.outboxPending;
            energy += g.runtime.energy.published;
          }
          process.stdout.write(
            `${now}  connected ${connected}/${sim.gateways.length}  energy messages ${energy}  buffered ${pending}\n`,
          );
        }, reportMs)
      : undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(130);
    stopping = true;
    clearInterval(timer);
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return sim;
}
