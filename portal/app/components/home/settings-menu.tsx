import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';

/** A settings page's heading with the way back, as the app's screens have it. */
export function SettingsHeader({
  title,
  back,
  address,
}: {
  title: string;
  back: { to: string; label: string };
  address: string;
}) {
  return (
    <Stack gap={2} mb="md">
      <Anchor component={Link} to={back.to} size="sm">
        ← {back.label}
      </Anchor>
      <Title order={1} size="h3">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {address}
      </Text>
    </Stack>
  );
}

export function MenuRow({
  to,
  title,
  hint,
  label,
}: {
  to: string;
  title: string;
  hint?: string;
  label?: string;
}) {
  return (
    <Card component={Link} to={to} withBorder padding="md" aria-label={label}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text fw={600}>{title}</Text>
          {hint ? (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </div>
        <IconChevronRight size={20} aria-hidden />
      </Group>
    </Card>
  );
}

/** The settings of one address: tariffs, installations, and (for its main user) sharing. */
export function SettingsMenu({
  siteId,
  owner,
  embed = false,
  children,
}: {
  siteId: number;
  owner: boolean;
  /** May make an embed link (its main user, an "Alle data" user: decision 010). */
  embed?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const base = `/app/sites/${siteId}/settings`;
  return (
    <Stack gap="sm">
      <MenuRow to={`${base}/tariffs`} title={t('settings.tariffs')} hint={t('settings.tariffs.hint')} />
      <MenuRow
        to={`${base}/installations`}
        title={t('settings.installations')}
        hint={t('settings.installations.hint')}
      />
      {owner ? (
        <MenuRow to={`${base}/users`} title={t('settings.users')} hint={t('settings.users.hint')} />
      ) : null}
      {owner ? (
        <MenuRow
          to={`${base}/sessions`}
          title={t('modules.export.menu')}
          hint={t('modules.export.menuHint')}
        />
      ) : null}
      {owner ? (
        <MenuRow
          to={`${base}/company-car`}
          title={t('settings.companyCar')}
          hint={t('settings.companyCar.hint')}
        />
      ) : null}
      {embed ? (
        <MenuRow to={`${base}/embed`} title={t('settings.embed')} hint={t('settings.embed.hint')} />
      ) : null}
      {children}
    </Stack>
  );
}
