import { redirect } from '@remix-run/node';
import type { RequestContext } from '~/server/context';

/** The EAN form's intent, for the homeowner's "+" and the console: start, then off to Mijn Fluvius. */
export async function startMandate(ctx: RequestContext, fields: Record<string, string | undefined>) {
  const { consentUrl } = await ctx.services.mandates.start(ctx.actor, fields);
  return redirect(consentUrl);
}
