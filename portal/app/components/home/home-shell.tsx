import {
  ActionIcon,
  Alert,
  Anchor,
  AppShell,
  Badge,
  Burger,
  Button,
  Container,
  Drawer,
  Group,
  Indicator,
  NavLink,
  Popover,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Form, Link, useLocation } from '@remix-run/react';
import {
  IconBell,
  IconBolt,
  IconCheck,
  IconChevronDown,
  IconClockBolt,
  IconHome,
  IconPlus,
  IconSettings,
  IconUserCircle,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';
import { LanguageSwitch } from '../language-switch';

export interface HomeSite {
  id: number;
  address: string;
  street: string;
  city: string;
  data: boolean;
  owner: boolean;
}

export interface HomeShellProps {
  sites: HomeSite[];
  currentSiteId: number | null;
  unread: number;
  user: { name: string };
  /** An embed session: no logout, no account pages (the partner's app owns those). */
  embedded: boolean;
  /** Someone may use a charger somewhere: the menu shows the charger pages. */
  hasChargers: boolean;
  children: ReactNode;
}

/** Where an address leads: its dashboard, or the charger pages for someone who may only use its chargers. */
export const siteHome = (s: HomeSite) => (s.data ? `/app/sites/${s.id}` : `/app/chargers#site-${s.id}`);

/**
 * The address at the top with the "vinkje" to switch between addresses and a cog per address (the manual,
 * "Adres" and "Instellingen"); the menu on the left, the bell and the profile icon on the right. Mobile first: it
 * is the app's webview too.
 */
function AddressSwitcher({ sites, current }: { sites: HomeSite[]; current: HomeSite | null }) {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  if (!current) return <Text fw={700}>iLusmart</Text>;
  return (
    <Group gap={4} wrap="nowrap" miw={0}>
      <Popover
        opened={opened}
        onChange={(o) => (o ? undefined : close())}
        position="bottom"
        withArrow
        shadow="md"
        width={320}
      >
        <Popover.Target>
          <UnstyledButton
            onClick={toggle}
            aria-haspopup="dialog"
            aria-expanded={opened}
            aria-label={`${current.address} — ${t('home.switcher')}`}
            miw={0}
          >
            <Group gap={4} wrap="nowrap" miw={0}>
              <Stack gap={0} miw={0}>
                <Text fw={700} size="sm" truncate="end" data-testid="current-address">
                  {current.street}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {current.city}
                </Text>
              </Stack>
              {sites.length > 1 ? <IconChevronDown size={16} aria-hidden /> : null}
            </Group>
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap={4} role="list" aria-label={t('home.switcher')}>
            {sites.map((s) => (
              <Group key={s.id} justify="space-between" wrap="nowrap" role="listitem">
                <Anchor
                  component={Link}
                  to={siteHome(s)}
                  onClick={close}
                  underline="never"
                  c="inherit"
                  aria-current={s.id === current.id ? 'true' : undefined}
                >
                  <Group gap="xs" wrap="nowrap">
                    {s.id === current.id ? (
                      <IconCheck size={16} color="var(--mantine-color-orange-7)" aria-hidden />
                    ) : (
                      <span style={{ width: 16 }} />
                    )}
                    <Text size="sm">{s.address}</Text>
                  </Group>
                </Anchor>
                {s.data ? (
                  <ActionIcon
                    component={Link}
                    to={`/app/sites/${s.id}/settings`}
                    onClick={close}
                    variant="subtle"
                    color="gray"
                    aria-label={t('home.settingsOf', { address: s.address })}
                  >
                    <IconSettings size={18} />
                  </ActionIcon>
                ) : null}
              </Group>
            ))}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {current.data ? (
        <ActionIcon
          component={Link}
          to={`/app/sites/${current.id}/settings`}
          variant="subtle"
          color="gray"
          aria-label={t('home.settingsOf', { address: current.address })}
        >
          <IconSettings size={20} />
        </ActionIcon>
      ) : null}
    </Group>
  );
}

export function HomeShell({
  sites,
  currentSiteId,
  unread,
  user,
  embedded,
  hasChargers,
  children,
}: HomeShellProps) {
  const t = useT();
  const [menu, { open, close }] = useDisclosure(false);
  const location = useLocation();
  const current = sites.find((s) => s.id === currentSiteId) ?? sites.find((s) => s.data) ?? sites[0] ?? null;
  const items = [
    ...(current?.data
      ? [{ to: `/app/sites/${current.id}`, label: t('home.menu.dashboard'), icon: IconHome }]
      : []),
    ...(hasChargers ? [{ to: '/app/chargers', label: t('home.menu.chargers'), icon: IconBolt }] : []),
    // "Stel oplaadtimers in" (manual, "Instellen laadtimers"): the current address's battery timers.
    ...(current?.data
      ? [{ to: `/app/sites/${current.id}/timers`, label: t('modules.timers.menu'), icon: IconClockBolt }]
      : []),
    { to: '/app/notifications', label: t('home.menu.notifications'), icon: IconBell },
    ...(current?.data
      ? [{ to: `/app/sites/${current.id}/settings`, label: t('home.menu.settings'), icon: IconSettings }]
      : []),
    ...(embedded ? [] : [{ to: '/app/profile', label: t('home.menu.profile'), icon: IconUserCircle }]),
    ...(embedded ? [] : [{ to: '/app/add-address', label: t('home.menu.addAddress'), icon: IconPlus }]),
  ];
  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <a href="#main" className="skip-link">
              <VisuallyHidden>{t('nav.skipToContent')}</VisuallyHidden>
            </a>
            <Burger opened={menu} onClick={open} size="sm" aria-label={t('home.menu')} />
          </Group>
          <AddressSwitcher sites={sites} current={current} />
          <Group gap={4} wrap="nowrap">
            <Indicator
              label={unread > 9 ? '9+' : unread}
              size={16}
              disabled={unread === 0}
              color="red"
              offset={4}
            >
              <ActionIcon
                component={Link}
                to="/app/notifications"
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('home.notifications.unread', { count: unread })}
              >
                <IconBell size={22} />
              </ActionIcon>
            </Indicator>
            {embedded ? null : (
              <ActionIcon
                component={Link}
                to="/app/profile"
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('home.menu.profile')}
              >
                <IconUserCircle size={24} />
              </ActionIcon>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <Drawer opened={menu} onClose={close} title={user.name} size="xs" padding="md">
        <Stack gap={2} component="nav" aria-label={t('home.menu')}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} />}
              onClick={close}
              active={location.pathname === item.to}
            />
          ))}
        </Stack>
      </Drawer>
      <AppShell.Main id="main">
        <Container size="sm" px={0}>
          {children}
          <Group
            justify="space-between"
            mt="xl"
            pt="md"
            style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
            wrap="wrap"
          >
            <Anchor href="mailto:ilusmart@ilumen.be" size="xs">
              {t('home.contact')}
            </Anchor>
            <Group gap="xs">
              <LanguageSwitch />
              {embedded ? null : (
                <Form method="post" action="/logout">
                  <Button type="submit" size="xs" variant="subtle" color="gray">
                    {t('nav.logout')}
                  </Button>
                </Form>
              )}
            </Group>
          </Group>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** What a read-only view (support, from the console) says at the top of every panel. */
export function ReadOnlyNotice() {
  const t = useT();
  return (
    <Alert color="blue" variant="light" mb="md">
      {t('home.readOnly')}
    </Alert>
  );
}

export function RoleBadge({ role, scope }: { role: string; scope: string | null }) {
  const t = useT();
  return (
    <Badge variant="light" color={role === 'owner' ? 'orange' : 'gray'}>
      {role === 'owner' ? t('home.role.owner') : t(`siteScope.${scope ?? 'all'}`)}
    </Badge>
  );
}
