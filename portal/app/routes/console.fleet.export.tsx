import { loader as load } from '~/server/route.server';

/** The fleet table as CSV, with the filters and sort of the page the link came from (a resource route). */
export const loader = load(async (ctx, { request }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filename, body } = ctx.services.fleet.exportCsv(ctx.actor, params, ctx.locale);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
