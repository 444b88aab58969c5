import { Anchor, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from './language-switch';

/** The frame of the login, reset and invitation pages. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420}>
        <Group justify="space-between">
          <Text fw={800} size="xl" c="orange.7">
            iLumen
          </Text>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="xl" component="main">
          <Title order={1} size="h2" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          <Anchor href="mailto:ilusmart@ilumen.be" size="xs">
            ilusmart@ilumen.be
          </Anchor>
        </Text>
      </Stack>
    </Center>
  );
}
