import { readJson, writeJson } from '@ilumen/db';
import {
  configPayloadSchema,
  type DesiredModbusDevice,
  describeIssues,
  type GatewayConfigBody,
  modbusDeviceConfigSchema,
  topics,
  undeclaredDevices,
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

/** How a device is reached, as the commissioning scan stores it on the device row. */
const storedConnectionSchema = modbusDeviceConfigSchema.pick({
  driver: true,
  endpoint: true,
  unitId: true,
  pollIntervalS: true,
});

/**
 * Every device of the site the gateway reads over Modbus, under its device key (decision 071), with how to reach it
 * when the platform knows. A device without stored Modbus settings is listed all the same (the gateway keeps the
 * connection it has for that key): leaving it out would make the gateway drop it.
 */
export const modbusDevicesContributor: ConfigContributor = async (deps, siteId) => {
  const rows = await deps.db
    .selectFrom('devices')
    .select(['device_key', 'type', 'modbus'])
    .where('site_id', '=', siteId)
    .where('type', '!=', 'meter')
    .orderBy('id')
    .execute();
  const devices = rows.map((r): DesiredModbusDevice => {
    const connection = storedConnectionSchema.safeParse(readJson(r.modbus));
    return {
      id: r.device_key,
      type: r.type as DesiredModbusDevice['type'],
      ...(connection.success ? connection.data : {}),
    };
  });
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

  /**
   * After a saved change: the site's gateway gets its new configuration, when the site has a gateway and this process
   * can reach gateways (a process without MQTT leaves it to the next publish).
   */
  async publishWhenLinked(actor: Actor, siteId: number): Promise<void> {
    if (!this.deps.gatewayLink) return;
    await this.publishForSite(actor, siteId);
  }

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
    // The last guard before a device leaves the gateway: a controller or timer that still names it (decision 071).
    const declared = body.modbus?.devices.map((d) => d.id) ?? [];
    const orphan = undeclaredDevices(body.controllers, declared)[0];
    if (orphan)
      throw new AppError('conflict', 'gatewayConfig.deviceStillNamed', {
        device: orphan.deviceId,
        controller: orphan.controller,
      });
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
        // The site's devices are this gateway's now (the console shows which box reads them).
        if (declared.length > 0)
          await trx
            .updateTable('devices')
            .set({ gateway_id: gateway.id })
            .where('site_id', '=', siteId)
            .where('device_key', 'in', declared)
            .execute();
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

  /**
   * Publishes when the platform can reach gateways; null when it cannot right now (or the site has no gateway). The
   * configuration is built from the whole site, so the next publish carries whatever this one could not.
   */
  async publishIfReachable(actor: Actor, siteId: number): Promise<number | null> {
    try {
      return (await this.publishForSite(actor, siteId))?.version ?? null;
    } catch (error) {
      if (error instanceof AppError && error.messageKey === 'commands.unavailable') return null;
      throw error;
    }
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
