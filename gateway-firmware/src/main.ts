/*
 * The gateway's composition root: config → logger → P1 → Modbus devices → control loop → MQTT, stopped in reverse
 * under a deadline on SIGTERM/SIGINT. Run under a supervisor that restarts it (systemd `Restart=always`): a `reboot`
 * command and an unexpected crash both end the process after a clean stop, and the outbox on disk carries over.
 *
 *   npm run -w @ilumen/gateway-firmware start -- --config /etc/ilumen/gateway.json
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error';
import { loadConfigFile } from './config/load-config';
import { realClock } from './runtime/clock';
import { GatewayRuntime } from './runtime/gateway-runtime';
import { LogRing } from './runtime/log-ring';
import { createGatewayLogger } from './runtime/logger';

/** sysexits EX_CONFIG: the supervisor should not restart in a loop on a bad file. */
const EXIT_CONFIG = 78;
const STOP_DEADLINE_MS = 10_000;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { config: { type: 'string', short: 'c' } },
  strict: false,
});
const configPath =
  (typeof values.config === 'string' ? values.config : undefined) ??
  process.env.ILUMEN_GATEWAY_CONFIG ??
  '/etc/ilumen/gateway.json';

let loaded: ReturnType<typeof loadConfigFile>;
try {
  loaded = loadConfigFile(configPath);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`The gateway cannot start: the config file is not valid.\n${err.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  throw err;
}
const { config } = loaded;
// the last lines stay in memory too, for support's `log.tail` command
const logs = new LogRing();
const logger = createGatewayLogger({ level: config.log.level, serial: config.serial, ring: logs });
if (loaded.migrations.length > 0) {
  logger.info(
    { from: loaded.fileVersion, steps: loaded.migrations },
    'config file migrated to the current layout on load',
  );
}

let stopping: Promise<void> | undefined;
function shutdown(reason: 'shutdown' | 'reboot' | 'update', code: number): Promise<void> {
  stopping ??= (async () => {
    logger.info({ reason }, 'stopping');
    const hard = setTimeout(() => {
      logger.error('stop deadline passed; exiting');
      process.exit(code || 1);
    }, STOP_DEADLINE_MS + 2000);
    hard.unref();
    await runtime.stop(STOP_DEADLINE_MS, reason).catch((err) => logger.error({ err }, 'stop failed'));
    logger.flush();
    process.exit(code);
  })();
  return stopping;
}

const runtime = new GatewayRuntime({
  logs,
  config,
  clock: realClock,
  logger,
  // exit 0 either way: the supervisor starts the launcher again, which runs whatever the OTA `active` link points at
  onRestartRequested: (_delayS, reason) => void shutdown(reason ?? 'reboot', 0),
});

process.on('SIGTERM', () => void shutdown('shutdown', 0));
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  void shutdown('shutdown', 0);
});
// Input is checked at every boundary; what still escapes is a bug. A stray rejection is logged and the gateway goes
// on; an uncaught exception leaves the process in an unknown state, so it stops cleanly and lets the supervisor
// restart it.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  void shutdown('shutdown', 1);
});

try {
  await runtime.start();
} catch (err) {
  logger.fatal({ err }, 'start failed');
  await shutdown('shutdown', 1);
}
