import {
  AppShell,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Form, Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';
import { LanguageSwitch } from './language-switch';

export interface NavItem {
  to: string;
  label: string;
}

/** The console frame: header with language and account menu, a navigation bar that folds away on phones. */
export function ConsoleShell({
  nav,
  user,
  children,
}: {
  nav: NavItem[];
  user: { name: string; email: string };
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure();
  const t = useT();
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <a href="#main" className="skip-link">
              <VisuallyHidden>{t('nav.skipToContent')}</VisuallyHidden>
            </a>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text component={Link} to="/console" fw={800} c="orange.7" size="lg" td="none">
              iLumen
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {t('app.console')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.profile')} data-testid="user-menu">
                  <Text size="sm" fw={500}>
                    {user.name}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.email}</Menu.Label>
                <Form method="post" action="/logout">
                  <Menu.Item component="button" type="submit">
                    {t('nav.logout')}
                  </Menu.Item>
                </Form>
                <Form method="post" action="/logout">
                  <input type="hidden" name="everywhere" value="1" />
                  <Menu.Item component="button" type="submit">
                    {t('nav.logoutEverywhere')}
                  </Menu.Item>
                </Form>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Console">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            onClick={close}
            active={
              item.to === '/console'
                ? location.pathname === '/console'
                : location.pathname.startsWith(item.to)
            }
          />
        ))}
        <Form method="post" action="/logout" style={{ marginTop: 'auto' }}>
          <Button type="submit" variant="subtle" color="gray" fullWidth justify="start">
            {t('nav.logout')}
          </Button>
        </Form>
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}
