/*
 * A gateway process as on the box, for the memory benchmark: config file → runtime on the real clock, with the P1
 * port on stdin (the benchmark's simulated meter writes telegrams into it) and Modbus devices on loopback TCP.
 *   tsx bench/helpers/gateway-child.ts CONFIG.json
 */
import { loadConfigFile } from '../../src/config/load-config';
import type { OpenP1Port } from '../../src/p1/p1-port';
import { realClock } from '../../src/runtime/clock';
import { GatewayRuntime } from '../../src/runtime/gateway-runtime';
import { createGatewayLogger } from '../../src/runtime/logger';

const stdinPort: OpenP1Port = async (handlers) => {
  const onData = (chunk: Buffer) => handlers.onData(chunk);
  const onEnd = () => handlers.onClose();
  process.stdin.on('data', onData);
  process.stdin.once('end', onEnd);
  return {
    close: async () => {
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
    },
  };
};

const { config } = loadConfigFile(process.argv[2]!);
const runtime = new GatewayRuntime({
  config,
  clock: realClock,
  logger: createGatewayLogger({ level: 'warn', serial: config.serial }, process.stderr),
  openP1Port: () => stdinPort,
});
process.on('SIGTERM', async () => {
  await runtime.stop(3000);
  process.exit(0);
});
await runtime.start();
process.stdout.write('ready\n');
setInterval(() => {
  const s = runtime.mqtt.stats();
  const p1 = runtime.p1Stats();
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 104857.6) / 10;
  process.stdout.write(
    `${JSON.stringify({ live: s.liveSent, p1: p1?.good ?? 0, connected: s.connected, heapMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) })}\n`,
  );
}, 5000);
