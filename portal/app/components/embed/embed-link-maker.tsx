import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useFormat, useT } from '~/lib/i18n';
import type { ActionResult } from '~/server/route.server';

/** What the `embed.create` intent answers: the link, until when it works, and its QR code drawn on the server. */
export type EmbedLinkResult =
  | ActionResult
  | { ok: true; url: string; expiresAt: string; qr: string }
  | undefined;

/**
 * "Insluiten": a button that makes the single-use link (decision 010, 112, 142), shown with a copy button, until when
 * it works and its QR code. The same in the homeowner's settings and on the console's site page.
 */
export function EmbedLinkMaker({
  siteId,
  minutes,
  intro,
}: {
  siteId: number;
  minutes: number;
  intro?: string;
}) {
  const result = useActionData() as EmbedLinkResult;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const f = useFormat();
  const link = result?.ok && 'url' in result ? result : null;
  return (
    <Stack>
      <Text size="sm">{intro ?? t('embed.page.intro', { minutes })}</Text>
      <Form method="post">
        <input type="hidden" name="intent" value="embed.create" />
        <input type="hidden" name="siteId" value={siteId} />
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
  );
}
