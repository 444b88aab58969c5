import type { Actor } from '../actor';
import { diff, recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { actorUserId } from './ilustore-modules';
import { type ControlSettings, readControlSettings, writeControlSettings } from './settings';

/**
 * One part of a site's energy-control settings saved: the settings read under lock, patched and written, and the
 * fields that changed audited under `action` by the names the form uses (`fields`: form name → setting), in one
 * transaction. Sending the gateway its new configuration is the caller's next step (`publishControl`).
 */
export async function changeControlSettings(
  deps: ServiceDeps,
  actor: Actor,
  siteId: number,
  change: { action: string; fields: Record<string, keyof ControlSettings>; patch: Partial<ControlSettings> },
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
