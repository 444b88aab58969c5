import { loader as load } from '~/server/route.server';

/** A month's bill as a PDF (`?month=2026-11`, this month without), in the reader's language (decision 241). */
export const loader = load(async (ctx, { params, request }) => {
  const month = new URL(request.url).searchParams.get('month') || undefined;
  const { filename, pdf } = await ctx.services.comparison.billPdf(
    ctx.actor,
    { siteId: params.siteId, month },
    ctx.locale,
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
