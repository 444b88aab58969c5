import { parseArgs } from 'node:util';
import type { FluviusLogger } from '../client/logger';
import { startFluviusSimulator } from './simulator-server';

/**
 * `npm run -w @ilumen/fluvius start -- --port 4010 [--decision-delay-ms 60000] [--contract-holder-delay-ms …]
 * [--rate-limit 20] [--seed 1] [--gas-ean 5414…] [--request-log-size 0]`. Prints where everything is and the sandbox credentials (they are the
 * simulator's own, not real secrets).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'decision-delay-ms': { type: 'string' },
    'contract-holder-delay-ms': { type: 'string' },
    'rate-limit': { type: 'string' },
    seed: { type: 'string' },
    'gas-ean': { type: 'string', multiple: true },
    'request-log-size': { type: 'string' },
  },
});

const line = (level: string) => (fields: Record<string, unknown>, message: string) =>
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields })}\n`,
  );
const logger: FluviusLogger = {
  debug: () => {},
  info: line('info'),
  warn: line('warn'),
  error: line('error'),
};

const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const simulator = await startFluviusSimulator({
  port: Number(values.port),
  host: values.host,
  decisionDelayMs: number(values['decision-delay-ms']),
  contractHolderDelayMs: number(values['contract-holder-delay-ms']),
  rateLimit: values['rate-limit'] ? { requestsPerSecond: Number(values['rate-limit']) } : undefined,
  seed: number(values.seed),
  gasEans: values['gas-ean'],
  requestLogSize: number(values['request-log-size']),
  logger,
});

logger.info(
  {
    apiBaseUrl: simulator.clientConfig.apiBaseUrl,
    tokenUrl: simulator.clientConfig.tokenUrl,
    consentPageUrl: simulator.clientConfig.consentPageUrl,
    control: `${simulator.url}/_sim/control`,
    state: `${simulator.url}/_sim/state`,
    sandboxCredentials: {
      tenantId: simulator.clientConfig.tenantId,
      clientId: simulator.clientConfig.clientId,
      subscriptionKey: simulator.clientConfig.subscriptionKey,
      dataAccessContractNumber: simulator.clientConfig.dataAccessContractNumber,
    },
  },
  'fluvius simulator ready',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
