import type { z } from 'zod';
import { CONFIG_VERSION } from './config-schema';
import { type GatewayConfigV1, gatewayConfigV1Schema } from './config-v1';

/**
 * One step from `from` to `from + 1`. `schema` checks the old layout first, so a broken old file is reported in
 * its own terms (`broker.host: …`) rather than as a confusing failure of the migrated result.
 */
export interface Migration<T> {
  from: number;
  describe: string;
  schema: z.ZodType<T>;
  migrate(old: T): Record<string, unknown>;
}

const v1ToV2: Migration<GatewayConfigV1> = {
  from: 1,
  describe:
    'broker {host, port, tls} → mqtt.url; p1Port → p1 {enabled, path}; devices → modbus.devices; liveIntervalMs → liveIntervalS',
  schema: gatewayConfigV1Schema,
  migrate(old) {
    const { version: _v, broker, p1Port, devices, liveIntervalMs, ...rest } = old;
    const scheme = broker.tls ? 'mqtts' : 'mqtt';
    const port = broker.port ?? (broker.tls ? 8883 : 1883);
    const mqtt: Record<string, unknown> = {
      url: `${scheme}://${broker.host}:${port}`,
      password: broker.password,
    };
    if (broker.username !== undefined) mqtt.username = broker.username;
    if (broker.caFile !== undefined) mqtt.tls = { caFile: broker.caFile };
    const next: Record<string, unknown> = {
      ...rest,
      version: 2,
      mqtt,
      p1: p1Port === null ? { enabled: false } : { enabled: true, path: p1Port },
      modbus: { devices },
    };
    if (liveIntervalMs !== undefined) next.liveIntervalS = liveIntervalMs / 1000;
    return next;
  },
};

// biome-ignore lint/suspicious/noExplicitAny: each step has its own input type; the chain is checked step by step
export const MIGRATIONS: readonly Migration<any>[] = [v1ToV2];

export type MigrationResult =
  | { ok: true; value: unknown; from: number; steps: string[] }
  | { ok: false; problems: string[] };

/** Brings a parsed config file up to CONFIG_VERSION, one step at a time. */
export function migrateConfig(raw: unknown, describeIssues: (e: z.ZodError) => string[]): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['the file must hold a JSON object'] };
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return {
      ok: false,
      problems: [`version: expected an integer layout version (current is ${CONFIG_VERSION})`],
    };
  }
  if (version > CONFIG_VERSION) {
    return {
      ok: false,
      problems: [`version: ${version} is newer than this firmware understands (up to ${CONFIG_VERSION})`],
    };
  }
  let value: unknown = raw;
  const steps: string[] = [];
  for (let v = version; v < CONFIG_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) return { ok: false, problems: [`version: no migration from layout ${v}`] };
    const parsed = step.schema.safeParse(value);
    if (!parsed.success) {
      return { ok: false, problems: describeIssues(parsed.error).map((p) => `(layout ${v}) ${p}`) };
    }
    value = step.migrate(parsed.data);
    steps.push(`${v}→${v + 1}: ${step.describe}`);
  }
  return { ok: true, value, from: version, steps };
}
