import { Card, SimpleGrid, Stack, Text } from '@mantine/core';

/** A row of labelled figures under a chart (totals of the period), as the overview has them. */
export function Figures({
  items,
}: {
  items: Array<{ label: string; value: string; color?: string; testId?: string; hint?: string }>;
}) {
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 2, sm: items.length > 3 ? 4 : items.length }}>
        {items.map((i) => (
          <Stack key={i.label} gap={0} align="center">
            <Text size="xs" c="dimmed" ta="center">
              {i.label}
            </Text>
            <Text fw={700} c={i.color} data-testid={i.testId}>
              {i.value}
            </Text>
            {i.hint ? (
              <Text size="xs" c="dimmed" ta="center">
                {i.hint}
              </Text>
            ) : null}
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
  );
}
