import { Group, TextInput } from '@mantine/core';

/** The "from" and "to" days of a period a person asks for (an export), each with the server's refusal beside it. */
export function PeriodFields({
  from,
  to,
  errors,
  labels,
}: {
  from: string;
  to: string;
  errors: Record<string, string | undefined>;
  labels: { from: string; to: string };
}) {
  return (
    <Group grow align="flex-start">
      <TextInput
        type="date"
        name="from"
        label={labels.from}
        defaultValue={from}
        error={errors.from}
        required
      />
      <TextInput type="date" name="to" label={labels.to} defaultValue={to} error={errors.to} required />
    </Group>
  );
}
