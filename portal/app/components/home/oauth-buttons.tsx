import { Button, Divider, Stack } from '@mantine/core';
import { useT } from '~/lib/i18n';

/** The login page's "Verder met Google/Apple/Facebook" buttons: only those configured (the manual, §1B). */
export function OAuthButtons({
  providers,
  redirectTo,
}: {
  providers: Array<{ id: string; label: string }>;
  redirectTo?: string | null;
}) {
  const t = useT();
  if (providers.length === 0) return null;
  const query = redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : '';
  return (
    <Stack gap="xs">
      <Divider label={t('oauth.or')} labelPosition="center" />
      {providers.map((p) => (
        // A plain link: the browser leaves for the provider, so no client-side navigation.
        <Button key={p.id} component="a" href={`/auth/${p.id}${query}`} variant="default" fullWidth>
          {t('oauth.continueWith', { provider: p.label })}
        </Button>
      ))}
    </Stack>
  );
}
