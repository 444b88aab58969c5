import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { type GatewayConfig, gatewayConfigSchema } from './config-schema';
import { listIssues } from './describe-issues';
import { migrateConfig } from './migrations';

export interface LoadedConfig {
  config: GatewayConfig;
  /** The layout version the file was written in (older than current when it was migrated on load). */
  fileVersion: number;
  /** Migrations applied, for the start-up log. */
  migrations: string[];
}

/**
 * A parsed JSON value → a checked config: migrate to the current layout, check with zod, then the checks zod
 * cannot do (referenced files exist). Throws ConfigError listing every problem at once.
 */
export function checkConfig(raw: unknown, source: string, baseDir = process.cwd()): LoadedConfig {
  const migrated = migrateConfig(raw, listIssues);
  if (!migrated.ok) throw new ConfigError(source, migrated.problems);
  const parsed = gatewayConfigSchema.safeParse(migrated.value);
  if (!parsed.success) throw new ConfigError(source, listIssues(parsed.error));
  const config = resolvePaths(parsed.data, baseDir);
  const problems: string[] = [];
  const tls = config.mqtt.tls;
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const file = tls?.[key];
    if (file !== undefined && !existsSync(file)) problems.push(`mqtt.tls.${key}: file not found: ${file}`);
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { config, fileVersion: migrated.from, migrations: migrated.steps };
}

/** Reads and checks a config file. Relative paths inside it are relative to the file. */
export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
  return checkConfig(raw, path, dirname(resolve(path)));
}

function resolvePaths(config: GatewayConfig, baseDir: string): GatewayConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const tls = config.mqtt.tls;
  return {
    ...config,
    dataDir: abs(config.dataDir),
    mqtt: {
      ...config.mqtt,
      ...(tls
        ? {
            tls: {
              ...tls,
              ...(tls.caFile ? { caFile: abs(tls.caFile) } : {}),
              ...(tls.certFile ? { certFile: abs(tls.certFile) } : {}),
              ...(tls.keyFile ? { keyFile: abs(tls.keyFile) } : {}),
            },
          }
        : {}),
    },
  };
}
