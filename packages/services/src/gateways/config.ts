import { readJson, writeJson } from '@ilumen/db';
import {
  configPayloadSchema,
  describeIssues,
  type GatewayConfigBody,
  type ModbusDeviceConfig,
  modbusDeviceConfigSchema,
  topics,
} from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { withRetry } from '../energy/retry';
import { AppError } from '../errors';
import { requireSite } from '../policy';
import { id, parseInput } from '../validation';

/**
 * A part of a gateway's desired configuration that some feature owns (the Modbus devices here; charge timers, peak
 * shaving and the other controllers in their own services). Each returns its sections for a site.
 */
export type ConfigContributor = (deps: ServiceDeps, siteId: number) => Promise<Partial<GatewayConfigBody>>;

/** The Modbus devices of a site that have connection settings, under their platform id. */
export const modbusDevicesContributor: ConfigContributor = async (deps, siteId) => {
  const rows = await deps.db
    .selectFrom('devices')
    .select(['id', 'type', 'modbus'])
    .where('site_id', '=', siteId)
    .where('type', '!=', 'meter')
    .execute();
  const devices: ModbusDeviceConfig[] = [];
  for (const r of rows) {
    const settings = readJson<Record<string, unknown>>(r.modbus);
    if (!settings) continue;
    const parsed = modbusDeviceConfigSchema.safeParse({ ...settings, id: String(r.id), type: r.type });
    if (parsed.success) devices.push(parsed.data);
  }
  return { p1: { enabled: true }, modbus: { devices } };
};

/**
 * The desired configuration of each gateway (DESIGN.md §6 `config`): built from the platform's data, published
 * retained with a version that only grows, and acknowledged by the gateway (`config/ack`, stored by the ingest).
 */
export class GatewayConfigService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly contributors: ConfigContributor[] = [modbusDevicesContributor],
  ) {}

  /** Builds and publishes the site's gateway configuration; a no-op when the site has no gateway. */
  async publishForSite(actor: Actor, siteId: number): Promise<{ version: number } | null> {
    const gateway = await this.deps.db
      .selectFrom('gateways')
      .select(['id', 'serial'])
      .where('site_id', '=', siteId)
      .orderBy('id')
      .executeTakeFirst();
    if (!gateway) return null;
    const link = this.deps.gatewayLink;
    if (!link) throw new AppError('conflict', 'commands.unavailable');
    let body: GatewayConfigBody = {};
    for (const contribute of this.contributors) body = merge(body, await contribute(this.deps, siteId));
    const now = this.deps.clock.now();
    // Two gateways' first configurations in the same gap of the key lock each other (gap locks): retry the loser.
    const payload = await withRetry(() =>
      this.deps.db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('gateway_configs')
          .select(['version'])
          .where('gateway_id', '=', gateway.id)
          .forUpdate()
          .executeTakeFirst();
        const version = (current?.version ?? 0) + 1;
        const candidate = { v: 1 as const, version, issuedAt: now.toISOString(), config: body };
        const parsed = configPayloadSchema.safeParse(candidate);
        if (!parsed.success)
          throw new Error(
            `gateway config for site ${siteId} does not fit the contract: ${describeIssues(parsed.error)}`,
          );
        await trx
          .insertInto('gateway_configs')
          .values({ gateway_id: gateway.id, version, config: writeJson(parsed.data.config)!, issued_at: now })
          .onDuplicateKeyUpdate({ version, config: writeJson(parsed.data.config)!, issued_at: now })
          .execute();
        // Device rows learn which id the gateway knows them by, so statuses from the gateway land on the right row.
        for (const d of parsed.data.config.modbus?.devices ?? []) {
          await trx
            .updateTable('devices')
            .set({ gateway_id: gateway.id, gateway_device_key: d.id })
            .where('id', '=', Number(d.id))
            .where('site_id', '=', siteId)
            .execute();
        }
        await recordAudit(trx, actor, {
          action: 'gateway.config',
          entityType: 'gateway',
          entityId: gateway.id,
          siteId,
          after: { version },
        });
        return parsed.data;
      }),
    );
    await link.publish(topics.config(gateway.serial), JSON.stringify(payload), { qos: 1, retain: true });
    return { version: payload.version };
  }

  /** The latest configuration sent to the site's gateway and what the gateway said about it. */
  async status(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.console');
    const row = await this.deps.db
      .selectFrom('gateway_configs as c')
      .innerJoin('gateways as g', 'g.id', 'c.gateway_id')
      .select([
        'c.version',
        'c.issued_at',
        'c.acked_version',
        'c.acked_at',
        'c.ack_ok',
        'c.ack_error',
        'c.config',
      ])
      .where('g.site_id', '=', siteId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      version: row.version,
      issuedAt: row.issued_at.toISOString(),
      ackedVersion: row.acked_version,
      ackedAt: row.acked_at?.toISOString() ?? null,
      state: row.acked_version === row.version ? (row.ack_ok ? 'applied' : 'refused') : 'pending',
      error: row.ack_error,
      config: readJson<GatewayConfigBody>(row.config),
    };
  }
}

function merge(a: GatewayConfigBody, b: Partial<GatewayConfigBody>): GatewayConfigBody {
  return { ...a, ...b, controllers: { ...(a.controllers ?? {}), ...(b.controllers ?? {}) } };
}
