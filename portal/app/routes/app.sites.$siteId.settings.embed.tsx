import { EMBED_LINK_TTL_MS, notFound } from '@ilumen/services';
import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { renderSVG } from 'uqr';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useFormat, useT } from '~/lib/i18n';
import { type ActionResult, intentAction, loader as load } from '~/server/route.server';

/**
 * "Insluiten" in an address's settings: its main user or an "Alle data" user (a partner) makes a single-use link
 * (decision 010) that opens this address's dashboard in the app's webview or a website's frame, to copy or to scan.
 */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  if (!(await ctx.services.embed.mayCreateLink(ctx.actor, site.id))) throw notFound();
  return { site: { id: site.id, address: site.address }, minutes: Math.round(EMBED_LINK_TTL_MS / 60_000) };
});

export const action = intentAction({
  'embed.create': async (ctx, { fields }) => {
    const { url, expiresAt } = await ctx.services.embed.createLink(ctx.actor, { siteId: fields.siteId });
    // the QR code is drawn here: an SVG of dark modules on white, nothing of the person's input in it but the link
    return { ok: true as const, url, expiresAt: expiresAt.toISOString(), qr: renderSVG(url, { border: 2 }) };
  },
});

export default function EmbedLink() {
  const { site, minutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | ActionResult
    | { ok: true; url: string; expiresAt: string; qr: string }
    | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const f = useFormat();
  const link = result?.ok ? result : null;
  return (
    <>
      <SettingsHeader
        title={t('settings.embed')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <Stack>
        <Text size="sm">{t('embed.page.intro', { minutes })}</Text>
        <Form method="post">
          <input type="hidden" name="intent" value="embed.create" />
          <input type="hidden" name="siteId" value={site.id} />
          <Button type="submit" loading={busy}>
            {t('embed.page.create')}
          </Button>
        </Form>
        {result && !result.ok ? <Alert color="red">{result.message}</Alert> : null}
        {link ? (
          <Card withBorder data-testid="embed-link">
            <Stack gap="sm">
              <Group align="flex-end" wrap="nowrap">
                <TextInput
                  label={t('embed.page.link')}
                  value={link.url}
                  readOnly
                  style={{ flex: 1, minWidth: 0 }}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={link.url}>
                  {({ copied, copy }) => (
                    <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                      {copied ? t('embed.page.copied') : t('embed.page.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="sm" c="dimmed">
                {t('embed.page.expires', { time: f.dateTime(link.expiresAt) })}
              </Text>
              <div
                role="img"
                aria-label={t('embed.page.qr')}
                style={{ width: 200, height: 200 }}
                // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG the server drew from our own link
                dangerouslySetInnerHTML={{ __html: link.qr }}
              />
            </Stack>
          </Card>
        ) : null}
      </Stack>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
