import { Card, ScrollArea, Table, Text, Title } from '@mantine/core';

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

/** A titled card holding a scrolling table of rows, or what to say when there are none. */
export function TableCard({
  title,
  empty,
  maxHeight = 260,
  testId,
  children,
}: {
  title: string;
  empty: string | null;
  maxHeight?: number;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {empty ? <Text c="dimmed">{empty}</Text> : null}
      <ScrollArea.Autosize mah={maxHeight}>
        <Table>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Card>
  );
}
