import { randomUUID } from 'node:crypto';
import type { CommandResult } from '@ilumen/mqtt-contract';
import { CommandError, type CommandHandlers } from '../mqtt/command-dispatcher';
import type { ChargeSessions } from './charge-sessions';
import type { DeviceManager } from './device-manager';
import type { LogRing } from './log-ring';
import type { P1Source } from './p1-source';

export interface CommandDeps {
  p1: () => P1Source | null;
  devices: DeviceManager;
  sessions: ChargeSessions;
  now: () => number;
  /** The last log lines kept in memory; absent where the host keeps none (then `log.tail` answers not_found). */
  logs?: LogRing;
  /** Ask the host for a clean restart after `delayS` (the response is sent first: stop drains the outbox). */
  requestRestart: (delayS: number) => void;
}

type ScanDevice = CommandResult<'modbus.scan'>['devices'][number];

const cut = (s: string | null | undefined) => (s ? s.slice(0, 64) : undefined);

function charger(deps: CommandDeps, chargerId: string) {
  const config = deps.devices.config(chargerId);
  if (config?.type !== 'charger')
    throw new CommandError('not_found', `no charger ${chargerId} on this gateway`);
  const handle = deps.devices.handle(chargerId);
  if (handle?.kind !== 'charger' || !handle.controls) {
    throw new CommandError('device_error', `charger ${chargerId} is not reachable`);
  }
  return handle.controls;
}

/** The gateway's command handlers, wired to the real P1 reader, Modbus layer and chargers. */
export function createCommandHandlers(deps: CommandDeps): CommandHandlers {
  return {
    async 'p1.lastTelegram'() {
      const last = deps.p1()?.lastTelegram() ?? null;
      if (!last) return { receivedAt: null, telegram: null, ok: null };
      return {
        receivedAt: last.receivedAt,
        telegram: last.telegram.slice(0, 16384),
        ok: last.ok,
        ...(last.reason ? { reason: last.reason.slice(0, 500) } : {}),
      };
    },

    async 'modbus.read'(args) {
      const endpoint =
        args.endpoint ?? (args.deviceId ? deps.devices.config(args.deviceId)?.endpoint : undefined);
      if (!endpoint) throw new CommandError('not_found', `no device ${args.deviceId} on this gateway`);
      const t = deps.devices.transport(endpoint, args.unit);
      const registers =
        args.kind === 'holding'
          ? await t.readHoldingRegisters(args.address, args.count)
          : await t.readInputRegisters(args.address, args.count);
      return { registers };
    },

    async 'modbus.scan'(args) {
      const result = await deps.devices.scan(args.endpoint, args.unitIds);
      const byUnit = new Map<number, ScanDevice>();
      for (const f of result.found) {
        let d = byUnit.get(f.unitId);
        if (!d) {
          d = { unitId: f.unitId, sunspecBase: null, models: [] };
          const manufacturer = cut(f.identity.manufacturer);
          const model = cut(f.identity.model);
          const serialNumber = cut(f.identity.serial);
          if (manufacturer) d.manufacturer = manufacturer;
          if (model) d.model = model;
          if (serialNumber) d.serialNumber = serialNumber;
          byUnit.set(f.unitId, d);
        }
        // the model chain the driver walked while the scan's connection was open (it may be closed by now)
        if (f.handle.sunspec && d.sunspecBase === null) {
          d.sunspecBase = f.handle.sunspec.base;
          d.models = [...f.handle.sunspec.models];
        }
      }
      return { devices: [...byUnit.values()].sort((a, b) => a.unitId - b.unitId) };
    },

    async 'log.tail'(args) {
      if (!deps.logs) throw new CommandError('not_found', 'this gateway keeps no log lines in memory');
      return { lines: deps.logs.tail(args.lines, args.minLevel) };
    },

    async reboot(args) {
      const rebootAt = new Date(deps.now() + args.delayS * 1000).toISOString();
      deps.requestRestart(args.delayS);
      return { rebootAt };
    },

    async 'charge.start'(args) {
      const controls = charger(deps, args.chargerId);
      const request = {
        mode: args.mode,
        ...(args.userId ? { userId: args.userId } : {}),
        ...(args.smart ? { smart: args.smart } : {}),
      };
      // A session already open (started at the charger, or earlier from the app) takes the new mode.
      const open = deps.sessions.change(args.chargerId, request);
      if (open) return { sessionId: open.sessionId };
      const sessionId = randomUUID();
      deps.sessions.expectStart(args.chargerId, { sessionId, ...request });
      await controls.start();
      return { sessionId };
    },

    async 'charge.stop'(args) {
      const controls = charger(deps, args.chargerId);
      const open = deps.sessions.current(args.chargerId);
      deps.sessions.expectStop(args.chargerId, 'command');
      await controls.stop();
      return open ? { sessionId: open.sessionId, energyWh: open.energyWh } : { sessionId: null };
    },
  };
}
