import { translate } from '@ilumen/i18n';
import { data } from '@remix-run/node';
import { loader as load } from '~/server/route.server';

/** The message namespaces this route uses (decision 171): the refusal when there is nothing to compare yet. */
export const handle = { i18n: ['comparison'] };

/** The contract comparison as a PDF in the reader's language (decision 240; a resource route, no page around it). */
export const loader = load(async (ctx, { params }) => {
  const made = await ctx.services.comparison.comparisonPdf(ctx.actor, { siteId: params.siteId }, ctx.locale);
  if (!made) throw data({ message: translate(ctx.locale, 'comparison.empty') }, { status: 404 });
  return new Response(new Uint8Array(made.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${made.filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
