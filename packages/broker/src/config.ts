import {
  DEFAULT_ACCESS,
  gatewayAcls,
  gatewayRoleName,
  LOAD_GENERATOR_ACLS,
  LOAD_GENERATOR_USER,
  PLATFORM_ACLS,
  PLATFORM_USERS,
  type PlatformUser,
} from './acl';
import { hashBrokerPassword } from './password';

/** Debian's Mosquitto 2.0 and its dynamic security plugin (apt-get install mosquitto). */
export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
export const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface BrokerLogin {
  username: string;
  password: string;
}

/**
 * The dynamic security plugin's first state file: the platform users with their roles and, optionally, gateways
 * (tests and benches with many gateways start with them instead of creating each over MQTT). The broker owns the
 * file from then on and rewrites it on every change made through `$CONTROL/dynamic-security/v1`.
 */
export function renderDynsecConfig(options: {
  platform: Record<PlatformUser, string>;
  gateways?: ReadonlyArray<{ serial: string; password: string }>;
  /** A benchmark's load generator login (`LOAD_GENERATOR_USER`); never in the demo or production. */
  loadGeneratorPassword?: string;
}): string {
  const client = (username: string, password: string, rolename: string) => {
    const h = hashBrokerPassword(password);
    return { username, password: h.hash, salt: h.salt, iterations: h.iterations, roles: [{ rolename }] };
  };
  const users = Object.keys(PLATFORM_USERS) as PlatformUser[];
  const gateways = options.gateways ?? [];
  const config = {
    defaultACLAccess: DEFAULT_ACCESS,
    clients: [
      ...users.map((u) => client(PLATFORM_USERS[u], options.platform[u], `platform-${u}`)),
      ...gateways.map((g) => client(g.serial, g.password, gatewayRoleName(g.serial))),
      ...(options.loadGeneratorPassword
        ? [client(LOAD_GENERATOR_USER, options.loadGeneratorPassword, LOAD_GENERATOR_USER)]
        : []),
    ],
    groups: [],
    roles: [
      ...users.map((u) => ({ rolename: `platform-${u}`, acls: PLATFORM_ACLS[u] })),
      ...gateways.map((g) => ({ rolename: gatewayRoleName(g.serial), acls: gatewayAcls(g.serial) })),
      ...(options.loadGeneratorPassword
        ? [{ rolename: LOAD_GENERATOR_USER, acls: LOAD_GENERATOR_ACLS }]
        : []),
    ],
  };
  return `${JSON.stringify(config, null, 1)}\n`;
}

/**
 * QoS 1 messages one gateway sends in an hour, with room to spare: 4 `energy` (one per quarter), and events
 * (device statuses, charge sessions, control decisions, Modbus and P1 errors), command answers, config
 * acknowledgements and update steps. The chaos test measures about 5.5 a gateway-hour on simulated homes (energy 4,
 * events 1.5); a busy home with peak shaving and two chargers sends a few dozen. Live values are QoS 0 and never queued.
 */
export const QOS1_PER_GATEWAY_HOUR = 20;
/** The fleet the broker's queues are sized for by default. */
export const FLEET_GATEWAYS = 100_000;

/**
 * How many messages a persistent session must be able to queue so the ingest loses nothing while it is away for
 * `hours` (decision 116): the whole fleet's QoS 1 traffic of that time, for one ingest session (with several in a
 * share group, Mosquitto queues each message for one of them, so one session may have to hold it all).
 */
export function ingestQueueMessages(o: { gateways?: number; hours?: number } = {}): number {
  return Math.ceil((o.gateways ?? FLEET_GATEWAYS) * QOS1_PER_GATEWAY_HOUR * (o.hours ?? 1));
}

export interface MosquittoConfOptions {
  /** The dynamic security plugin's state file (read and written by the broker). */
  dynsecFile: string;
  pluginPath?: string;
  /** Plain MQTT for the platform's own processes: loopback (or a private network) only. */
  plain: { port: number; host?: string };
  /** MQTT over TLS for gateways. */
  tls?: { port: number; host?: string; certFile: string; keyFile: string };
  /** Directory for mosquitto.db (sessions, queued and retained messages); omit for none. */
  persistenceDir?: string;
  /** Started as root, Mosquitto drops to this user (default `mosquitto`), who must own the files above. */
  user?: string;
  /**
   * Messages queued per persistent session while its client is away or slow (0 = no limit). Default: an hour of
   * 100,000 gateways' QoS 1 traffic (`ingestQueueMessages()`, 2,000,000): the ingest's session must hold an outage.
   */
  maxQueuedMessages?: number;
  /** The same bound in bytes (payloads); default 2 GiB, about 1 KB a message. 0 = no limit. */
  maxQueuedBytes?: number;
  /** Log lines to stderr: errors and warnings by default; `notice` adds connects and the plugin's changes. */
  logTypes?: string[];
}

/**
 * The project's one broker configuration: no anonymous login, every login and right from the dynamic security
 * plugin, one plain listener for platform processes and one TLS listener for gateways. The demo, the tests and CI
 * run exactly this; production renders it with its own paths (`npm run -w @ilumen/broker init`).
 */
export function renderMosquittoConf(o: MosquittoConfOptions): string {
  const lines = [
    ...(o.user ? [`user ${o.user}`] : []),
    'per_listener_settings false',
    'allow_anonymous false',
    `plugin ${o.pluginPath ?? DYNSEC_PLUGIN}`,
    `plugin_opt_config_file ${o.dynsecFile}`,
    o.persistenceDir ? 'persistence true' : 'persistence false',
    ...(o.persistenceDir
      ? [
          `persistence_location ${o.persistenceDir.endsWith('/') ? o.persistenceDir : `${o.persistenceDir}/`}`,
          'autosave_interval 60',
        ]
      : []),
    // sized for an hour without an ingest (decision 116); what exceeds it is dropped by the broker, noted in its log
    `max_queued_messages ${o.maxQueuedMessages ?? ingestQueueMessages()}`,
    `max_queued_bytes ${o.maxQueuedBytes ?? 2 * 1024 ** 3}`,
    // a day of one gateway's quarters and events fits many times; bounds a runaway client
    'max_packet_size 262144',
    'log_dest stderr',
    ...(o.logTypes ?? ['error', 'warning']).map((t) => `log_type ${t}`),
    `listener ${o.plain.port} ${o.plain.host ?? '127.0.0.1'}`,
    'protocol mqtt',
    ...(o.tls
      ? [
          `listener ${o.tls.port}${o.tls.host ? ` ${o.tls.host}` : ''}`,
          'protocol mqtt',
          `certfile ${o.tls.certFile}`,
          `keyfile ${o.tls.keyFile}`,
          'tls_version tlsv1.2',
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
