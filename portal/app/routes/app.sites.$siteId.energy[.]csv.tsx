import { CSV_CONTENT_TYPE, csvStream } from '@ilumen/csv';
import { ENERGY_CSV_COLUMNS } from '@ilumen/services';
import { loader as load } from '~/server/route.server';

/**
 * A period's quarters, hours or days as Mijn Fluvius exports them (`?from=&to=&resolution=quarter|hour|day`,
 * decision 241), by the product's one CSV writer. The exports page checks the period first and shows its errors.
 */
export const loader = load(async (ctx, { params, request }) => {
  const q = Object.fromEntries(new URL(request.url).searchParams);
  const { filename, rows } = await ctx.services.comparison.energyCsv(ctx.actor, {
    ...q,
    siteId: params.siteId,
  });
  return new Response(csvStream(ENERGY_CSV_COLUMNS, rows), {
    headers: {
      'Content-Type': CSV_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
