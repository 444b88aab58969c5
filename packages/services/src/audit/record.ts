import { type Database, type Db, type Transaction, writeJson } from '@ilumen/db';
import type { Actor } from '../actor';
import type { AuditAction } from './actions';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId: number | string;
  organizationId?: number | null;
  siteId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit line in the caller's transaction, so a change and its audit line land together or not at all. */
export async function recordAudit(
  trx: Db | Transaction<Database>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor_user_id: actor.type === 'user' ? actor.userId : null,
      actor_email:
        actor.type === 'user' ? actor.email : actor.type === 'system' ? `system:${actor.name}` : null,
      organization_id: entry.organizationId ?? null,
      site_id: entry.siteId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      before: writeJson(entry.before) as string,
      after: writeJson(entry.after) as string,
      ip: actor.ip,
      request_id: actor.requestId,
    })
    .execute();
}

/** Keeps only the fields that differ, so an audit line shows what changed rather than the whole row. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const was = before[key] instanceof Date ? (before[key] as Date).toISOString() : before[key];
    const now = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
    if (was !== now) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
