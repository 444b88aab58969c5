import { join } from 'node:path';
import {
  type ConfigPayload,
  configPayloadSchema,
  type DesiredModbusDevice,
  describeIssues,
  undeclaredDevices,
} from '@ilumen/mqtt-contract';
import { readFileIfExists, writeFileAtomic } from '../runtime/atomic-file';
import { type GatewayConfig, gatewayConfigSchema } from './config-schema';
import { listIssues } from './describe-issues';

/** Extra checks the config module cannot make itself (a controller's own settings), as `path: problem` lines. */
export type SettingsCheck = (config: GatewayConfig) => string[];

export type OverlayResult =
  | {
      ok: true;
      config: GatewayConfig;
      /** Devices the platform lists without a connection that this gateway has none for either: not polled. */
      unconnected: string[];
    }
  | { ok: false; problems: string[] };

/**
 * The platform's device list made complete: a device it names with a connection is taken as it is; one without
 * keeps the connection the file gives for the same key (the simulator's and a hand-configured box's devices, seeded
 * sites whose Modbus addresses the platform never scanned). The list is the platform's: a file device it does not
 * name is not polled. One the gateway has no connection for is left out and reported.
 */
export function resolveDevices(
  file: GatewayConfig['modbus']['devices'],
  desired: readonly DesiredModbusDevice[],
): { devices: unknown[]; unconnected: string[] } {
  const devices: unknown[] = [];
  const unconnected: string[] = [];
  for (const d of desired) {
    if (d.endpoint) {
      devices.push(d);
      continue;
    }
    const known = file.find((f) => f.id === d.id);
    if (!known) {
      unconnected.push(d.id);
      continue;
    }
    // the platform's type is the truth; a file device of another type fails the driver check below, with its reason
    devices.push({ ...known, type: d.type, ...(d.pollIntervalS ? { pollIntervalS: d.pollIntervalS } : {}) });
  }
  return { devices, unconnected };
}

/**
 * The file's config with the platform's desired sections laid over it: live interval, P1, Modbus devices and
 * controllers. Identity, broker and storage settings stay the file's: a config message must never be able to cut
 * the gateway off from the platform. Unknown keys inside known sections (from a newer platform) are dropped.
 */
export function overlayDesired(
  base: GatewayConfig,
  body: ConfigPayload['config'],
  check?: SettingsCheck,
): OverlayResult {
  const resolved = body.modbus ? resolveDevices(base.modbus.devices, body.modbus.devices) : undefined;
  const candidate = {
    ...base,
    liveIntervalS: body.liveIntervalS ?? base.liveIntervalS,
    // The port path is the box's own wiring: the platform may switch P1 on or off, and only moves the port when it
    // names one.
    p1: body.p1
      ? {
          ...base.p1,
          enabled: body.p1.enabled,
          ...(body.p1.path !== undefined ? { path: body.p1.path } : {}),
        }
      : base.p1,
    modbus: resolved ? { ...base.modbus, devices: resolved.devices } : base.modbus,
    controllers: body.controllers ?? base.controllers,
  };
  const parsed = gatewayConfigSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: listIssues(parsed.error) };
  // a controller naming a device the list does not have would steer nothing, silently: refuse the whole config
  const declared = body.modbus ? body.modbus.devices.map((d) => d.id) : base.modbus.devices.map((d) => d.id);
  const problems = [
    ...undeclaredDevices(parsed.data.controllers, declared).map(
      (n) => `controllers.${n.controller}: names device ${n.deviceId}, which is not in modbus.devices`,
    ),
    ...(check?.(parsed.data) ?? []),
  ];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: parsed.data, unconnected: resolved?.unconnected ?? [] };
}

/**
 * The last desired config the gateway applied, kept in the data dir so a restart comes back with it (and with its
 * version, so the retained `config` message is recognised as already applied).
 */
export class DesiredConfigStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'desired-config.json');
  }

  /** Undefined when none was applied yet; a damaged file is reported, not thrown (the file config still works). */
  load(): { payload?: ConfigPayload; problem?: string } {
    let text: string | undefined;
    try {
      text = readFileIfExists(this.path);
    } catch (err) {
      return { problem: `cannot read ${this.path}: ${(err as Error).message}` };
    }
    if (text === undefined) return {};
    try {
      const parsed = configPayloadSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { payload: parsed.data };
      return { problem: `${this.path}: ${describeIssues(parsed.error)}` };
    } catch (err) {
      return { problem: `${this.path}: ${(err as Error).message}` };
    }
  }

  save(payload: ConfigPayload): void {
    writeFileAtomic(this.path, `${JSON.stringify(payload, null, 2)}\n`);
  }
}
