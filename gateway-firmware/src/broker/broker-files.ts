import { fileURLToPath } from 'node:url';

/** The project's ACL (static: gateways are matched by `%u`, so adding one never edits it). */
export const ACL_FILE = fileURLToPath(new URL('../../mosquitto/acl', import.meta.url));
/** The production config template. */
export const MOSQUITTO_CONF = fileURLToPath(new URL('../../mosquitto/mosquitto.conf', import.meta.url));

/** The broker user the platform's processes share; the ACL gives it the platform's side of every topic. */
export const PLATFORM_USERNAME = 'ilumen-platform';

export interface BrokerConfigOptions {
  port: number;
  host?: string;
  passwordFile: string;
  aclFile?: string;
  /** Directory for mosquitto.db; omit for no persistence. */
  persistenceDir?: string;
  /** Started as root, Mosquitto drops to this user (default `mosquitto`), who must be able to read the files. */
  user?: string;
}

/** A mosquitto.conf with one plain listener and the project's security settings (tests, development). */
export function renderBrokerConfig(o: BrokerConfigOptions): string {
  const lines = [
    ...(o.user ? [`user ${o.user}`] : []),
    'per_listener_settings false',
    'allow_anonymous false',
    `password_file ${o.passwordFile}`,
    `acl_file ${o.aclFile ?? ACL_FILE}`,
    o.persistenceDir ? 'persistence true' : 'persistence false',
    ...(o.persistenceDir
      ? [`persistence_location ${o.persistenceDir.endsWith('/') ? o.persistenceDir : `${o.persistenceDir}/`}`]
      : []),
    'max_queued_messages 100000',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    `listener ${o.port} ${o.host ?? '127.0.0.1'}`,
    'protocol mqtt',
  ];
  return `${lines.join('\n')}\n`;
}
