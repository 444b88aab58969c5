import type { StoreModule } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { forbidden } from '../errors';
import type { GatewayConfigService } from '../gateways/config';
import { canOnSite, requireSite, requireWritable, type SiteAccess } from '../policy';
import { id, parseInput } from '../validation';
import { readControlSettings, writeControlSettings } from './settings';

/** The iLuStore's modules, in the manual's order. */
export const STORE_MODULES = [
  'peak_shaving',
  'dynamic_charging',
  'load_balancing',
] as const satisfies readonly StoreModule[];
export const storeModuleSchema = z.enum(STORE_MODULES);

export const controlSiteInput = z.object({ siteId: id() });
export const moduleGrantInput = z.object({ siteId: id(), module: storeModuleSchema });

export const actorUserId = (actor: Actor): number | null => (actor.type === 'user' ? actor.userId : null);
export const isReadOnly = (actor: Actor): boolean => actor.type === 'user' && actor.readOnly;

/**
 * Reading a site's energy control (settings, modules, the timeline of decisions): its own people with "Alle data", and
 * whoever diagnoses the site (installers, support answering "why did it do that"). A chargers-only member is told why
 * not.
 */
export async function requireControlRead(
  deps: ServiceDeps,
  actor: Actor,
  siteId: number,
): Promise<SiteAccess> {
  const access = await requireSite(deps.db, actor, siteId, ['site.chargers', 'site.diagnose']);
  if (!canOnSite(access, 'site.data') && !canOnSite(access, 'site.diagnose'))
    throw forbidden('home.chargersOnly');
  return access;
}

/** Changing the settings: the main user, the site's installer, iLumen's admin — from a writable session. */
export async function requireControlChange(
  deps: ServiceDeps,
  actor: Actor,
  siteId: number,
): Promise<SiteAccess> {
  requireWritable(actor);
  await requireControlRead(deps, actor, siteId);
  return requireSite(deps.db, actor, siteId, 'site.control');
}

/**
 * iLuStore (manual): per site the modules Peakshaving, Dynamisch laden and Loadbalancing are granted by iLumen's
 * staff or the site's installer (audited); the owner sees what is active and what each does. Granting load balancing
 * sets the import limit to the main fuse until someone sets another.
 */
export class StoreModuleService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
  ) {}

  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(controlSiteInput, input);
    const access = await requireControlRead(this.deps, actor, siteId);
    const rows = await this.deps.db
      .selectFrom('site_modules as m')
      .leftJoin('users as u', 'u.id', 'm.granted_by_user_id')
      .select(['m.module', 'm.granted_at', 'u.name as granted_by'])
      .where('m.site_id', '=', siteId)
      .execute();
    const byModule = new Map(rows.map((r) => [r.module, r]));
    const console = canOnSite(access, 'site.console');
    return {
      siteId,
      canGrant: canOnSite(access, 'site.modules') && !isReadOnly(actor),
      modules: STORE_MODULES.map((module) => {
        const r = byModule.get(module);
        return {
          module,
          granted: Boolean(r),
          grantedAt: r?.granted_at.toISOString() ?? null,
          // who granted it is for the console; the homeowner sees that it is active
          grantedBy: console ? (r?.granted_by ?? null) : null,
        };
      }),
    };
  }

  async grant(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(controlSiteInput, input);
    await requireSite(this.deps.db, actor, siteId, 'site.modules');
    const { module } = parseInput(moduleGrantInput, input);
    const now = this.deps.clock.now();
    const changed = await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto('site_modules')
        .ignore()
        .values({ site_id: siteId, module, granted_at: now, granted_by_user_id: actorUserId(actor) })
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      if (module === 'load_balancing') {
        const settings = await readControlSettings(trx, siteId, true);
        if (settings.lbLimitA === null && settings.lbLimitW === null) {
          const site = await trx
            .selectFrom('sites')
            .select('main_fuse_a')
            .where('id', '=', siteId)
            .executeTakeFirstOrThrow();
          await writeControlSettings(
            trx,
            siteId,
            { ...settings, lbLimitA: site.main_fuse_a },
            { userId: actorUserId(actor), at: now },
          );
        }
      }
      await recordAudit(trx, actor, {
        action: 'store_module.grant',
        entityType: 'site',
        entityId: siteId,
        siteId,
        after: { module },
      });
      return true;
    });
    if (changed) await this.gatewayConfig.publishWhenLinked(actor, siteId);
    return { granted: true, changed };
  }

  async revoke(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(controlSiteInput, input);
    await requireSite(this.deps.db, actor, siteId, 'site.modules');
    const { module } = parseInput(moduleGrantInput, input);
    const changed = await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .deleteFrom('site_modules')
        .where('site_id', '=', siteId)
        .where('module', '=', module)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return false;
      await recordAudit(trx, actor, {
        action: 'store_module.revoke',
        entityType: 'site',
        entityId: siteId,
        siteId,
        before: { module },
      });
      return true;
    });
    if (changed) await this.gatewayConfig.publishWhenLinked(actor, siteId);
    return { granted: false, changed };
  }
}
