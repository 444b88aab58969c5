import { z } from 'zod';
import { type Actor, anonymous, loadUserActor } from '../actor';
import type { AuditAction } from '../audit/actions';
import { recordAudit } from '../audit/record';
import type { AuthService, SessionResult } from '../auth/auth-service';
import { hashToken, newToken } from '../auth/tokens';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden } from '../errors';
import { canEmbedSite, requireSite } from '../policy';
import { id, parseInput } from '../validation';

/** The link is opened by the app's webview or a partner's iframe right after it is asked for: a few minutes suffice. */
export const EMBED_LINK_TTL_MS = 5 * 60 * 1000;

/** Why a known link did not open: used up, out of time, or its maker no longer reaches the site. */
type EmbedRefusal = 'used' | 'expired' | 'access';

export const embedLinkInput = z.object({ siteId: id() });

/**
 * Embed links: the mobile app or a partner's backend, logged in as a homeowner, asks for a link to that homeowner's
 * view of one of their sites; an installer asks for one of a site it manages, which opens the home's view read-only
 * (decision 142). The link works once, for a few minutes, and opens a session that policy.ts keeps to
 * that one site (no other site, no console, no account changes).
 */
export class EmbedService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly auth: AuthService,
  ) {}

  /** Whether the actor may make an embed link for the site (the settings page shows the way to it only then). */
  async mayCreateLink(actor: Actor, siteId: number): Promise<boolean> {
    return actor.type === 'user' && (await canEmbedSite(this.deps.db, actor, siteId));
  }

  async createLink(actor: Actor, input: unknown): Promise<{ url: string; expiresAt: Date }> {
    const { siteId } = parseInput(embedLinkInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (actor.type !== 'user' || !(await canEmbedSite(this.deps.db, actor, siteId)))
      throw forbidden('embed.notAllowed');
    const token = newToken();
    const expiresAt = new Date(this.deps.clock.now().getTime() + EMBED_LINK_TTL_MS);
    await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto('embed_links')
        .values({
          token_hash: hashToken(token),
          user_id: actor.userId,
          site_id: siteId,
          expires_at: expiresAt,
        })
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'embed_link.create',
        entityType: 'embed_link',
        entityId: Number(res.insertId),
        organizationId: access.organizationId,
        siteId,
      });
    });
    return { url: `${this.deps.publicUrl}/embed/${token}`, expiresAt };
  }

  /**
   * Uses up a link and opens its session. Refused when the link is unknown, used, expired, or when its person no
   * longer reaches the site. Every opening of a known link is audited, refused ones with why: the audit line names the
   * link (its id), whose it is and the opener's address, never the token.
   */
  async open(
    token: string,
    request: { ip: string | null; userAgent: string | null; requestId?: string | null },
  ): Promise<SessionResult & { siteId: number }> {
    const now = this.deps.clock.now();
    const found = await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('embed_links')
        .innerJoin('sites', 'sites.id', 'embed_links.site_id')
        .select([
          'embed_links.id',
          'embed_links.user_id',
          'embed_links.site_id',
          'embed_links.used_at',
          'embed_links.expires_at',
          'sites.organization_id',
        ])
        .where('embed_links.token_hash', '=', hashToken(token))
        .forUpdate()
        .executeTakeFirst();
      if (!row) return null;
      const refused: EmbedRefusal | null = row.used_at ? 'used' : row.expires_at <= now ? 'expired' : null;
      if (!refused)
        await trx.updateTable('embed_links').set({ used_at: now }).where('id', '=', row.id).execute();
      return { link: row, refused };
    });
    // An unknown token names no link: nothing to audit (and the token itself is never written down).
    if (!found) throw new AppError('not_found', 'embed.invalid');
    const { link } = found;
    const opener = anonymous({ ip: request.ip, requestId: request.requestId ?? null });
    const audit = (actor: Actor, action: AuditAction, after: Record<string, unknown>) =>
      recordAudit(this.deps.db, actor, {
        action,
        entityType: 'embed_link',
        entityId: link.id,
        organizationId: link.organization_id,
        siteId: link.site_id,
        after: { ...after, madeBy: link.user_id, userAgent: request.userAgent?.slice(0, 200) ?? null },
      });
    if (found.refused) {
      await audit(opener, 'embed_link.refused', { reason: found.refused });
      throw new AppError('not_found', 'embed.invalid');
    }
    const result = await this.auth.startEmbedSession(link.user_id, link.site_id, request);
    // The person may have lost the site (or been deactivated, or left the installer) between asking for the link and
    // opening it: judged on their whole login, as when they asked.
    const maker = await loadUserActor(this.deps.db, link.user_id);
    if (!maker || !(await canEmbedSite(this.deps.db, maker, link.site_id))) {
      await this.auth.lucia.invalidateSession(result.session.id);
      await audit(opener, 'embed_link.refused', { reason: 'access' satisfies EmbedRefusal });
      throw new AppError('not_found', 'embed.invalid');
    }
    // The session opened is the link maker's (read-only for an installer's link): the line is theirs, from the
    // opener's address.
    await audit(result.actor, 'embed_link.open', { readOnly: result.actor.readOnly });
    return { ...result, siteId: link.site_id };
  }
}
