import type { StoreModule } from '@ilumen/db';
import type { z } from 'zod';
import type { Actor } from '../actor';
import type { AuditAction } from '../audit/actions';
import { diff, recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { forbidden } from '../errors';
import type { GatewayConfigService } from '../gateways/config';
import { canOnSite } from '../policy';
import { parseInput } from '../validation';
import {
  actorUserId,
  controlSiteInput,
  isReadOnly,
  requireControlChange,
  requireControlRead,
} from './ilustore-modules';
import { type ControlSettings, grantedModules, readControlSettings, writeControlSettings } from './settings';

/** A module's settings are saved only where the module is granted to the site. */
export async function requireGranted(deps: ServiceDeps, siteId: number, module: StoreModule): Promise<void> {
  if (!(await grantedModules(deps.db, siteId)).has(module)) throw forbidden('control.notGranted');
}

/** A settings change: the audit's `action`, its fields by the names the form uses (form name → setting), the patch. */
export interface ControlSettingsChange {
  action: AuditAction;
  fields: Record<string, keyof ControlSettings>;
  patch: Partial<ControlSettings>;
}

/**
 * One part of a site's energy-control settings saved: the settings read under lock, patched and written, and the
 * fields that changed audited under `action`, in one transaction. Sending the gateway its new configuration is the
 * caller's next step (`saveModuleSettings` does both).
 */
export async function changeControlSettings(
  deps: ServiceDeps,
  actor: Actor,
  siteId: number,
  change: ControlSettingsChange,
): Promise<void> {
  const now = deps.clock.now();
  const named = (s: ControlSettings) =>
    Object.fromEntries(Object.entries(change.fields).map(([name, key]) => [name, s[key]]));
  await deps.db.transaction().execute(async (trx) => {
    const before = await readControlSettings(trx, siteId, true);
    const after = { ...before, ...change.patch };
    await writeControlSettings(trx, siteId, after, { userId: actorUserId(actor), at: now });
    const d = diff(named(before), named(after));
    if (Object.keys(d.after).length > 0)
      await recordAudit(trx, actor, {
        action: change.action,
        entityType: 'site',
        entityId: siteId,
        siteId,
        ...d,
      });
  });
}

/**
 * What every module's settings page starts from: who may read them, the site's settings, whether the module is
 * granted and whether this reader may edit; `more` reads the page's own values alongside.
 */
export async function readModuleSettings<T>(
  deps: ServiceDeps,
  actor: Actor,
  input: unknown,
  module: StoreModule,
  more: (siteId: number) => Promise<T>,
): Promise<{
  siteId: number;
  settings: ControlSettings;
  granted: boolean;
  canEdit: boolean;
  more: Awaited<T>;
}> {
  const { siteId } = parseInput(controlSiteInput, input);
  const access = await requireControlRead(deps, actor, siteId);
  const [modules, settings, extra] = await Promise.all([
    grantedModules(deps.db, siteId),
    readControlSettings(deps.db, siteId),
    more(siteId),
  ]);
  return {
    siteId,
    settings,
    granted: modules.has(module),
    canEdit: canOnSite(access, 'site.control') && !isReadOnly(actor),
    more: extra,
  };
}

/**
 * A module's settings saved, the one way for every module: who may change them, the input parsed, the module granted,
 * `change` turning the input into the settings patch (refusing what the site's own limits refuse), the change written
 * and audited (`changeControlSettings`), `beforePublish` for what follows from the new settings, and the gateway sent
 * its new configuration.
 */
export async function saveModuleSettings<S extends z.ZodType>(
  deps: ServiceDeps,
  gatewayConfig: GatewayConfigService,
  actor: Actor,
  input: unknown,
  spec: {
    module: StoreModule;
    schema: S;
    change: (data: z.infer<S>, siteId: number) => ControlSettingsChange | Promise<ControlSettingsChange>;
    beforePublish?: (siteId: number) => Promise<void>;
  },
): Promise<z.infer<S>> {
  const { siteId } = parseInput(controlSiteInput, input);
  await requireControlChange(deps, actor, siteId);
  const data = parseInput(spec.schema, input);
  await requireGranted(deps, siteId, spec.module);
  const change = await spec.change(data, siteId);
  await changeControlSettings(deps, actor, siteId, change);
  await spec.beforePublish?.(siteId);
  await gatewayConfig.publishWhenLinked(actor, siteId);
  return data;
}
