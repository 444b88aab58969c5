import { EMBED_LINK_TTL_MS } from '@ilumen/services';
import { renderSVG } from 'uqr';
import type { RequestContext } from '~/server/context';

/** How long a new link works, in whole minutes, for the page's explanation. */
export const EMBED_LINK_MINUTES = Math.round(EMBED_LINK_TTL_MS / 60_000);

/** The `embed.create` intent: the service makes the link (or refuses); the QR code is drawn here, from our own link. */
export async function createEmbedLink(ctx: RequestContext, siteId: unknown) {
  const { url, expiresAt } = await ctx.services.embed.createLink(ctx.actor, { siteId });
  return { ok: true as const, url, expiresAt: expiresAt.toISOString(), qr: renderSVG(url, { border: 2 }) };
}
