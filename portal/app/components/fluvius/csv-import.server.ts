import { translate } from '@ilumen/i18n';
import { redirect } from '@remix-run/node';
import type { RequestContext } from '~/server/context';

/** The upload intent: the file from the multipart form, checked and kept by the service; then to its preview. */
export async function uploadCsv(
  ctx: RequestContext,
  input: { siteId: string | undefined; form: FormData; basePath: string },
) {
  const entry = input.form.get('file');
  const file =
    entry instanceof Blob && entry.size > 0
      ? {
          name: 'name' in entry ? String(entry.name) : 'export.csv',
          bytes: new Uint8Array(await entry.arrayBuffer()),
        }
      : null;
  const { uploadId } = await ctx.services.csvImport.upload(ctx.actor, { siteId: input.siteId, file });
  return redirect(`${input.basePath}?upload=${uploadId}`);
}

/** The import intent: what was previewed goes in; the answer says how much. */
export async function importCsv(ctx: RequestContext, fields: Record<string, string | undefined>) {
  const result = await ctx.services.csvImport.import(ctx.actor, fields);
  return {
    ok: true as const,
    message: translate(ctx.locale, 'csvImport.done', {
      days: result.days,
      quarters: result.quarters,
    }),
  };
}

/** The preview of `?upload=` (null without one). */
export async function csvPreview(ctx: RequestContext, siteId: string | undefined, request: Request) {
  const uploadId = new URL(request.url).searchParams.get('upload');
  if (!uploadId) return null;
  return ctx.services.csvImport.preview(ctx.actor, { siteId, uploadId });
}
