import { isAppError } from '@ilumen/services';
import { Alert, Stack } from '@mantine/core';
import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { useT } from '~/lib/i18n';
import { noReferrer } from '~/lib/meta';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['embed'] };

export const meta: MetaFunction = () => [{ title: 'iLusmart · iLumen' }, noReferrer];

/**
 * An embed link (asked for through `homeowner.embedLink` by the app or a partner's backend): used up on opening, it
 * starts a session kept to its one site and lands on that site's dashboard. Embeddable (server/app.ts).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const { cookie, siteId } = await context.services.embed.open(params.token ?? '', {
      ip: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
    });
    return redirect(`/app/sites/${siteId}`, {
      headers: { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return data({ invalid: true }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
}

export default function EmbedLink() {
  const t = useT();
  useLoaderData<typeof loader>();
  return (
    <AuthCard title="iLusmart">
      <Stack>
        <Alert color="red">{t('embed.invalid')}</Alert>
      </Stack>
    </AuthCard>
  );
}
