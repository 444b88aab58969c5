import {
  type Database,
  type Db,
  type NotificationKind,
  readJson,
  sql,
  type Transaction,
  writeJson,
} from '@ilumen/db';
import type { MessageKey, Params } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { notFound } from '../errors';
import { homeSiteScope, requireUser, requireWritable } from '../policy';
import { id, parseInput } from '../validation';

export const notificationListInput = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(30),
});
export const notificationIdInput = z.object({ notificationId: id() });

export interface NewNotification {
  userId: number;
  /** The address it is about, if any: an embed session for another site does not show it. */
  siteId?: number | null;
  kind: NotificationKind;
  titleKey: MessageKey;
  bodyKey: MessageKey;
  /**
   * Filled into the texts when shown, in the reader's language. Names and addresses, never secrets. A parameter
   * named `fooKey` holds a message key: it is translated and fills `{foo}` (see `notificationParams`).
   */
  params?: Params;
}

/**
 * Adds a notification in the caller's transaction, so it lands together with what it announces (a share, a mandate
 * that became ready, a maintenance charge). Other features call this for their own kinds.
 */
export async function notify(trx: Db | Transaction<Database>, n: NewNotification): Promise<number> {
  const res = await trx
    .insertInto('notifications')
    .values({
      user_id: n.userId,
      site_id: n.siteId ?? null,
      kind: n.kind,
      title_key: n.titleKey,
      body_key: n.bodyKey,
      params: writeJson(n.params ?? {}) as string,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

/** The parameters of a notification as its texts use them: `fooKey` message keys translated into `foo`. */
export function notificationParams(params: Params, translate: (key: string) => string): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith('Key') && typeof v === 'string') out[k.slice(0, -3)] = translate(v);
    else out[k] = v;
  }
  return out;
}

/** A person's own notifications: the bell's unread count, the list, marking them read. */
export class NotificationService {
  constructor(private readonly deps: ServiceDeps) {}

  private scoped(actor: Actor) {
    const user = requireUser(actor);
    let q = this.deps.db.selectFrom('notifications').where('user_id', '=', user.userId);
    const scope = homeSiteScope(user);
    // An embed session sees what is about its own site and what is about no site in particular.
    if ('siteId' in scope)
      q = q.where((eb) => eb.or([eb('site_id', '=', scope.siteId), eb('site_id', 'is', null)]));
    return q;
  }

  async list(actor: Actor, input: unknown = {}) {
    const q = parseInput(notificationListInput, input);
    const base = this.scoped(actor);
    const [rows, counts] = await Promise.all([
      base
        .select(['id', 'site_id', 'kind', 'title_key', 'body_key', 'params', 'read_at', 'created_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      base
        .select([sql<number>`count(*)`.as('total'), sql<number>`sum(read_at is null)`.as('unread')])
        .executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        siteId: r.site_id,
        kind: r.kind,
        titleKey: r.title_key as MessageKey,
        bodyKey: r.body_key as MessageKey,
        params: readJson<Params>(r.params) ?? {},
        readAt: r.read_at,
        createdAt: r.created_at,
      })),
      total: Number(counts.total),
      unread: Number(counts.unread ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The bell's number. */
  async unreadCount(actor: Actor): Promise<number> {
    const row = await this.scoped(actor)
      .select(sql<number>`count(*)`.as('n'))
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks one of one's own notifications read; someone else's is "not found". */
  async markRead(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { notificationId } = parseInput(notificationIdInput, input);
    const row = await this.scoped(actor)
      .select(['id', 'read_at'])
      .where('id', '=', notificationId)
      .executeTakeFirst();
    if (!row) throw notFound();
    if (!row.read_at)
      await this.deps.db
        .updateTable('notifications')
        .set({ read_at: this.deps.clock.now() })
        .where('id', '=', row.id)
        .execute();
  }

  async markAllRead(actor: Actor): Promise<number> {
    requireWritable(actor);
    const user = requireUser(actor);
    const scope = homeSiteScope(user);
    let q = this.deps.db
      .updateTable('notifications')
      .set({ read_at: this.deps.clock.now() })
      .where('user_id', '=', user.userId)
      .where('read_at', 'is', null);
    if ('siteId' in scope)
      q = q.where((eb) => eb.or([eb('site_id', '=', scope.siteId), eb('site_id', 'is', null)]));
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}
