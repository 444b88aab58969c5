import { loader as load } from '~/server/route.server';

/** An archived company-car statement as it was sent, PDF or (`?format=csv`) CSV (a resource route, decision 192). */
export const loader = load(async (ctx, { params, request }) => {
  const format = new URL(request.url).searchParams.get('format') === 'csv' ? 'csv' : 'pdf';
  const { filename, contentType, body } = await ctx.services.companyCars.file(ctx.actor, {
    siteId: params.siteId,
    statementId: params.statementId,
    format,
  });
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
