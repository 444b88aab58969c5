import { loader as load } from '~/server/route.server';

/** The commissioning report as a PDF, in the reader's language (a resource route: no page around it). */
export const loader = load(async (ctx, { params }) => {
  const { filename, pdf } = await ctx.services.commissioning.reportPdf(
    ctx.actor,
    { siteId: params.siteId },
    ctx.locale,
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
