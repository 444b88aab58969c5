import { readJson, sql } from '@ilumen/db';
import { commandSchemas } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../../actor';
import type { ServiceDeps } from '../../deps';
import { recentAnomalies } from '../../energy/anomalies';
import { type LiveSnapshot, liveKeys } from '../../energy/live';
import { fieldError } from '../../errors';
import type { CommandService, SentCommand } from '../../gateways/commands';
import type { GatewayConfigService } from '../../gateways/config';
import { gatewayKeys, type RefusedMessage } from '../../gateways/keys';
import { canOnSite, requireSite, requireWritable } from '../../policy';
import { bool, id, intRange, parseInput } from '../../validation';
import type { AlarmService } from '../alarms/alarms';
import { parseEndpoints } from '../commissioning/scan';
import { parseTelegram } from './p1';

export const EVENT_FILTERS = [
  'device.status',
  'control.decision',
  'modbus.error',
  'p1.error',
  'charge',
  'maintenance.progress',
  'gateway.log',
  'ingest',
] as const;
export const troubleshootEventsInput = z.object({
  siteId: id(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  type: z.preprocess((v) => (v === '' ? undefined : v), z.enum(EVENT_FILTERS).optional()).catch(undefined),
});
export const registerReadInput = z.object({
  siteId: id(),
  deviceId: id(),
  address: z.coerce.number().int().min(0).max(65535),
  count: z.coerce.number().int().min(1).max(125).default(10),
  kind: z.enum(['holding', 'input']).default('holding'),
});

export const troubleshootScanInput = z.object({
  siteId: id(),
  endpoint: z.string().trim().min(1).max(200),
  unitFrom: intRange(1, 247),
  unitTo: intRange(1, 247),
});
export const troubleshootRebootInput = z.object({
  siteId: id(),
  /** The page asks "are you sure?"; a post without it restarts nothing. */
  confirm: bool()
    .default(false)
    .refine((v) => v, 'troubleshoot.reboot.confirmRequired'),
});
export const troubleshootLogInput = z.object({
  siteId: id(),
  lines: intRange(1, 500).default(100),
  minLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
/** A scan walks each unit id with timeouts: minutes on a slow RTU bus, so it may wait that long for the gateway. */
const SCAN_TTL_S = 10 * 60;

/**
 * The troubleshooting page of one site (decisions 040–042): the gateway's connectivity history and firmware, the last P1
 * telegram raw and parsed, registers read on demand (a `modbus.read` command, audited, with its answer), the event
 * timeline with control decisions, recent commands, refused messages and the site's alarms.
 */
export class TroubleshootingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly parts: {
      commands: CommandService;
      gatewayConfig: GatewayConfigService;
      alarms: AlarmService;
    },
  ) {}

  async overview(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.console');
    const db = this.deps.db;
    const canDiagnose = canOnSite(access, 'site.diagnose') && !(actor.type === 'user' && actor.readOnly);
    const gateway = await db
      .selectFrom('gateways')
      .select([
        'id',
        'serial',
        'online',
        'online_changed_at',
        'last_seen_at',
        'firmware_version',
        'hardware_revision',
        'uptime_s',
        'claimed_at',
        'credentials_issued_at',
        'open_alarms',
      ])
      .where('site_id', '=', siteId)
      .orderBy('id')
      .executeTakeFirst();
    const keys = gatewayKeys(this.deps.redisPrefix);
    const [connectivity, refusedRaw, liveRaw, devices, config, commands, alarms, telegram, anomalies] =
      await Promise.all([
        gateway
          ? db
              .selectFrom('gateway_connectivity')
              .select(['at', 'online', 'reason', 'firmware_version'])
              .where('gateway_id', '=', gateway.id)
              .orderBy('at', 'desc')
              .orderBy('id', 'desc')
              .limit(50)
              .execute()
          : [],
        gateway ? this.deps.redis.lrange(keys.refused(gateway.serial), 0, -1) : [],
        this.deps.redis.get(liveKeys(this.deps.redisPrefix).latest(siteId)),
        db
          .selectFrom('devices')
          .select([
            'id',
            'type',
            'manufacturer',
            'model',
            'serial',
            'modbus',
            'device_key',
            'status',
            'status_code',
            'status_text',
            'status_changed_at',
          ])
          .where('site_id', '=', siteId)
          .orderBy('type')
          .orderBy('id')
          .execute(),
        this.parts.gatewayConfig.status(actor, { siteId }),
        canOnSite(access, 'site.diagnose')
          ? this.parts.commands.listForSite(actor, { siteId, limit: 30 })
          : [],
        this.parts.alarms.forSite(actor, { siteId }),
        this.lastTelegram(siteId),
        recentAnomalies(db, siteId),
      ]);
    return {
      siteId,
      canDiagnose,
      gateway,
      connectivity,
      refused: refusedRaw.map((r) => JSON.parse(r) as RefusedMessage),
      live: liveRaw ? (JSON.parse(liveRaw) as LiveSnapshot) : null,
      devices: devices.map((d) => ({ ...d, modbus: readJson<{ driver: string; unitId: number }>(d.modbus) })),
      config,
      commands,
      alarms,
      telegram,
      /** Values refused as implausible (decision 090), newest first. */
      anomalies,
    };
  }

  /** The latest telegram a gateway sent back for `p1.lastTelegram`, with its lines read out and the CRC checked. */
  private async lastTelegram(siteId: number) {
    const row = await this.deps.db
      .selectFrom('commands')
      .select(['id', 'result', 'finished_at'])
      .where('site_id', '=', siteId)
      .where('name', '=', 'p1.lastTelegram')
      .where('status', '=', 'succeeded')
      .orderBy('issued_at', 'desc')
      .executeTakeFirst();
    if (!row) return null;
    const result = commandSchemas['p1.lastTelegram'].result.safeParse(readJson(row.result));
    if (!result.success) return null;
    const { telegram, receivedAt, ok, reason } = result.data;
    return {
      commandId: row.id,
      receivedAt,
      ok,
      reason: reason ?? null,
      raw: telegram,
      parsed: telegram ? parseTelegram(telegram) : null,
    };
  }

  /** The site's timeline, newest first: device statuses, control decisions, errors, charge sessions. */
  async events(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.console');
    const q = parseInput(troubleshootEventsInput, input);
    let base = this.deps.db.selectFrom('events').where('site_id', '=', siteId);
    if (q.type === 'charge') base = base.where('type', 'like', 'charge.%');
    else if (q.type === 'ingest') base = base.where('type', 'like', 'ingest.%');
    else if (q.type) base = base.where('type', '=', q.type);
    const [count, rows, devices] = await Promise.all([
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      base
        .select(['id', 'ts', 'type', 'device_key', 'payload', 'received_at'])
        .orderBy('ts', 'desc')
        .orderBy('id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      this.deps.db
        .selectFrom('devices')
        .select(['id', 'device_key', 'type', 'manufacturer', 'model'])
        .where('site_id', '=', siteId)
        .execute(),
    ]);
    // events name a device by its key; those from before decision 071 by the platform's id ("70")
    const deviceOf = (key: string | null) => {
      const d = key ? devices.find((x) => x.device_key === key || String(x.id) === key) : undefined;
      return d ? { key: d.device_key, type: d.type, manufacturer: d.manufacturer, model: d.model } : null;
    };
    return {
      rows: rows.map((r) => {
        const payload = readJson<Record<string, unknown>>(r.payload) ?? {};
        // a control decision names its device among its values
        const values = payload.values as { deviceId?: unknown } | undefined;
        const key = r.device_key ?? (typeof values?.deviceId === 'string' ? values.deviceId : null);
        return { ...r, device: deviceOf(key), payload };
      }),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Reads registers of one of the site's Modbus devices now (audited as a command; the answer lands on it). */
  async readRegisters(actor: Actor, input: unknown): Promise<SentCommand> {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.diagnose');
    const data = parseInput(registerReadInput, input);
    const device = await this.deps.db
      .selectFrom('devices')
      .select(['id', 'modbus', 'device_key'])
      .where('id', '=', data.deviceId)
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    const modbus = readJson<{ unitId?: number }>(device?.modbus);
    if (!device || !modbus) throw fieldError('deviceId', 'troubleshoot.registers.noModbus');
    return this.parts.commands.diagnose(actor, {
      siteId,
      name: 'modbus.read',
      args: {
        deviceId: device.device_key,
        unit: modbus.unitId ?? 1,
        address: data.address,
        count: data.count,
        kind: data.kind,
      },
    });
  }

  /** Asks the gateway which Modbus devices answer on an endpoint (the result lands on the command, as the page shows). */
  async scanModbus(actor: Actor, input: unknown): Promise<SentCommand> {
    const { siteId } = await this.diagnosable(actor, input);
    const data = parseInput(troubleshootScanInput, input);
    const { endpoints } = parseEndpoints(data.endpoint);
    const endpoint = endpoints[0];
    if (!endpoint || endpoints.length > 1)
      throw fieldError('endpoint', 'commissioning.scan.badEndpoint', { value: data.endpoint });
    if (data.unitTo < data.unitFrom) throw fieldError('unitTo', 'commissioning.scan.range');
    const unitIds = Array.from({ length: data.unitTo - data.unitFrom + 1 }, (_, i) => data.unitFrom + i);
    return this.parts.commands.send(actor, siteId, 'modbus.scan', { endpoint, unitIds }, SCAN_TTL_S);
  }

  /** Restarts the gateway (asked for with a confirmation; audited as its command). */
  async reboot(actor: Actor, input: unknown): Promise<SentCommand> {
    const { siteId } = await this.diagnosable(actor, input);
    parseInput(troubleshootRebootInput, input);
    return this.parts.commands.send(actor, siteId, 'reboot', { delayS: 0 }, 60);
  }

  /** The gateway's latest log lines. */
  async tailLog(actor: Actor, input: unknown): Promise<SentCommand> {
    const { siteId } = await this.diagnosable(actor, input);
    const data = parseInput(troubleshootLogInput, input);
    return this.parts.commands.send(
      actor,
      siteId,
      'log.tail',
      { lines: data.lines, minLevel: data.minLevel },
      60,
    );
  }

  private async diagnosable(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.diagnose');
    return { siteId };
  }

  /** Asks the gateway for the last telegram it read from the P1 port. */
  async requestTelegram(actor: Actor, input: unknown): Promise<SentCommand> {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    return this.parts.commands.diagnose(actor, { siteId, name: 'p1.lastTelegram', args: {} });
  }
}
