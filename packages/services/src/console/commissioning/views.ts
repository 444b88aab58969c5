import { readJson, writeJson } from '@ilumen/db';
import { type CommandResult, commandSchemas } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../../actor';
import type { ServiceDeps } from '../../deps';
import { notFound } from '../../errors';
import { toMandateView } from '../../fluvius/mandate-view';
import type { GatewayConfigService } from '../../gateways/config';
import type { GatewayService } from '../../gateways/gateways';
import { canOnSite, requireSite } from '../../policy';
import { formatAddress } from '../../sites/address';
import { id, parseInput } from '../../validation';
import { type DeviceSuggestion, formatEndpoint, suggestDevices } from './scan';
import { COMMISSIONING_STEPS, type CommissioningState, commissioningStateSchema, currentStep } from './state';

export interface ScanView {
  commandId: string;
  endpoint: string;
  status: 'sent' | 'succeeded' | 'failed' | 'expired';
  errorCode: string | null;
  errorMessage: string | null;
  suggestions: DeviceSuggestion[];
}

/** What the wizard page and the report read; nothing here changes anything (support may look, read-only). */
export class CommissioningViews {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly parts: { gateways: GatewayService; gatewayConfig: GatewayConfigService },
  ) {}

  async get(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.console');
    const db = this.deps.db;
    const row = await db
      .selectFrom('commissionings')
      .selectAll()
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    if (!row) throw notFound();
    const state = commissioningStateSchema.parse(readJson(row.state) ?? {});
    const now = this.deps.clock.now();
    const [site, ownerMember, gateway, devices, mandate, scans, config] = await Promise.all([
      db
        .selectFrom('sites as s')
        .innerJoin('organizations as o', 'o.id', 's.organization_id')
        .selectAll('s')
        .select('o.name as organization_name')
        .where('s.id', '=', siteId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('site_members as sm')
        .innerJoin('users as u', 'u.id', 'sm.user_id')
        .select(['u.email', 'u.name'])
        .where('sm.site_id', '=', siteId)
        .where('sm.role', '=', 'owner')
        .executeTakeFirst(),
      db
        .selectFrom('gateways')
        .select([
          'id',
          'serial',
          'online',
          'last_seen_at',
          'firmware_version',
          'hardware_revision',
          'credentials_issued_at',
          'online_changed_at',
        ])
        .where('site_id', '=', siteId)
        .executeTakeFirst(),
      db
        .selectFrom('devices')
        .select([
          'id',
          'type',
          'manufacturer',
          'model',
          'serial',
          'modbus',
          'status',
          'status_code',
          'status_text',
        ])
        .where('site_id', '=', siteId)
        .orderBy('type')
        .orderBy('id')
        .execute(),
      state.ean?.mandateId
        ? db
            .selectFrom('fluvius_mandates as m')
            .leftJoin('sites as s', 's.id', 'm.site_id')
            .selectAll('m')
            .select(['s.street', 's.house_number', 's.postal_code', 's.city'])
            .where('m.id', '=', state.ean.mandateId)
            .executeTakeFirst()
        : undefined,
      this.scans(state),
      this.parts.gatewayConfig.status(actor, { siteId }),
    ]);
    const { search_text: _s, ...siteView } = site;
    const canEdit =
      canOnSite(access, 'site.manage') && !(actor.type === 'user' && actor.readOnly) && !row.completed_at;
    return {
      site: siteView,
      step: currentStep(state, row.completed_at !== null),
      steps: COMMISSIONING_STEPS,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      state,
      canEdit,
      owner: {
        email: ownerMember?.email ?? state.owner?.email ?? null,
        name: ownerMember?.name ?? null,
        accepted: Boolean(ownerMember),
      },
      mandate: mandate ? toMandateView(mandate, now, canEdit) : null,
      gateway: gateway ? { ...gateway, credentialsIssuedAt: gateway.credentials_issued_at } : null,
      broker: this.parts.gateways.brokerKind,
      devices: devices.map((d) => ({
        ...d,
        modbus: readJson<{ driver: string; endpoint: { transport: string }; unitId: number }>(d.modbus),
      })),
      scans,
      config,
    };
  }

  private async scans(state: CommissioningState): Promise<ScanView[]> {
    if (!state.scan || state.scan.commands.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('commands')
      .selectAll()
      .where(
        'id',
        'in',
        state.scan.commands.map((c) => c.id),
      )
      .execute();
    const now = this.deps.clock.now();
    return state.scan.commands.map((c) => {
      const r = rows.find((x) => x.id === c.id);
      const expired = r?.status === 'sent' && r.expires_at.getTime() < now.getTime();
      const status = (expired ? 'expired' : (r?.status ?? 'expired')) as ScanView['status'];
      const result =
        r?.status === 'succeeded' ? commandSchemas['modbus.scan'].result.safeParse(readJson(r.result)) : null;
      const found: CommandResult<'modbus.scan'>['devices'] = result?.success ? result.data.devices : [];
      return {
        commandId: c.id,
        endpoint: formatEndpoint(c.endpoint),
        status,
        errorCode: expired ? 'expired' : (r?.error_code ?? null),
        errorMessage: r?.error_message ?? null,
        suggestions: suggestDevices(c.endpoint, found),
      };
    });
  }

  /** The commissioning report: what was installed, where, by whom, and what the live check measured. */
  async report(actor: Actor, input: unknown) {
    const view = await this.get(actor, input);
    const { site, state } = view;
    const installer = await this.deps.db
      .selectFrom('commissionings as c')
      .leftJoin('users as u', 'u.id', 'c.started_by_user_id')
      .select(['u.name', 'u.email'])
      .where('c.site_id', '=', site.id)
      .executeTakeFirst();
    if (view.canEdit && !state.report) {
      const next = { ...state, report: { generatedAt: this.deps.clock.now().toISOString() } };
      await this.deps.db
        .updateTable('commissionings')
        .set({ state: writeJson(next)! })
        .where('site_id', '=', site.id)
        .execute();
    }
    return {
      siteId: site.id,
      address: formatAddress(site),
      siteName: site.name,
      organization: site.organization_name,
      status: site.status,
      installer: installer?.name ? { name: installer.name, email: installer.email } : null,
      owner: view.owner,
      grid: { phases: site.grid_phases, mainFuseA: site.main_fuse_a },
      ean: state.ean?.ean ?? null,
      mandate: view.mandate ? { status: view.mandate.status, reference: view.mandate.reference } : null,
      gateway: view.gateway
        ? {
            serial: view.gateway.serial,
            firmware: view.gateway.firmware_version,
            hardware: view.gateway.hardware_revision,
            online: view.gateway.online,
            lastSeenAt: view.gateway.last_seen_at,
          }
        : null,
      config: view.config ? { version: view.config.version, state: view.config.state } : null,
      devices: view.devices
        .filter((d) => d.type !== 'meter')
        .map((d) => ({
          type: d.type,
          manufacturer: d.manufacturer,
          model: d.model,
          serial: d.serial,
          driver: d.modbus?.driver ?? null,
          unitId: d.modbus?.unitId ?? null,
          endpoint: d.modbus?.endpoint
            ? formatEndpoint(d.modbus.endpoint as Parameters<typeof formatEndpoint>[0])
            : null,
        })),
      live: state.live,
      startedAt: view.startedAt,
      completedAt: view.completedAt,
      generatedAt: this.deps.clock.now(),
    };
  }
}

export type CommissioningView = Awaited<ReturnType<CommissioningViews['get']>>;
export type CommissioningReport = Awaited<ReturnType<CommissioningViews['report']>>;
