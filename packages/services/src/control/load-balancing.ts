import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { AppError } from '../errors';
import type { GatewayConfigService } from '../gateways/config';
import { id } from '../validation';
import { readModuleSettings, saveModuleSettings } from './settings-change';

const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) =>
      v === '' || v === null || v === undefined
        ? null
        : typeof v === 'string'
          ? Number(v.trim().replace(',', '.'))
          : v,
    z
      .number()
      .nullable()
      .superRefine((v, ctx) => {
        if (v !== null && (!Number.isInteger(v) || v < min || v > max))
          ctx.addIssue({ code: 'custom', message: 'validation.integerRange', params: { min, max } });
      }),
  );

export const loadBalancingSaveInput = z.object({
  siteId: id(),
  /** Current per phase, A (the main fuse); empty: none. */
  limitA: optionalInt(6, 400),
  /** Total import, W; empty: none. */
  limitW: optionalInt(1000, 250_000),
});

/**
 * Load balancing ("Loadbalancing"): the site's import limit — A per phase (from the main fuse) and/or W in total —
 * that the gateway keeps the chargers under. The manual puts it on the iLusmart page; installers set it too.
 */
export class LoadBalancingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
  ) {}

  async view(actor: Actor, input: unknown) {
    const db = this.deps.db;
    const { siteId, settings, granted, canEdit, more } = await readModuleSettings(
      this.deps,
      actor,
      input,
      'load_balancing',
      (siteId) =>
        Promise.all([
          db
            .selectFrom('sites')
            .select(['grid_phases', 'main_fuse_a'])
            .where('id', '=', siteId)
            .executeTakeFirstOrThrow(),
          db
            .selectFrom('devices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('site_id', '=', siteId)
            .where('type', '=', 'charger')
            .executeTakeFirstOrThrow(),
        ]),
    );
    const [site, chargers] = more;
    return {
      siteId,
      granted,
      limitA: settings.lbLimitA,
      limitW: settings.lbLimitW,
      mainFuseA: site.main_fuse_a,
      gridPhases: site.grid_phases,
      chargers: Number(chargers.n),
      canEdit,
    };
  }

  async save(actor: Actor, input: unknown) {
    await saveModuleSettings(this.deps, this.gatewayConfig, actor, input, {
      module: 'load_balancing',
      schema: loadBalancingSaveInput,
      change: async (data, siteId) => {
        if (data.limitA === null && data.limitW === null) {
          throw new AppError(
            'validation',
            'validation.form',
            {},
            { limitA: { key: 'control.lb.limitRequired' } },
          );
        }
        const site = await this.deps.db
          .selectFrom('sites')
          .select('main_fuse_a')
          .where('id', '=', siteId)
          .executeTakeFirstOrThrow();
        if (data.limitA !== null && data.limitA > site.main_fuse_a) {
          throw new AppError(
            'validation',
            'validation.form',
            {},
            { limitA: { key: 'control.lb.overFuse', params: { fuse: site.main_fuse_a } } },
          );
        }
        return {
          action: 'load_balancing.settings',
          fields: { limitA: 'lbLimitA', limitW: 'lbLimitW' },
          patch: { lbLimitA: data.limitA, lbLimitW: data.limitW },
        };
      },
    });
  }
}
