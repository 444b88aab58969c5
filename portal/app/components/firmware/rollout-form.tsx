import {
  Button,
  Card,
  MultiSelect,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';
import { ActionForm } from './action-form';

export interface RolloutFormOptions {
  releases: Array<{ value: string; label: string }>;
  organizations: Array<{ value: string; label: string }>;
  tags: string[];
  releaseId: string;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** A new rollout: who (targeting), in which waves with which health gate, how fast and when. */
export function RolloutForm({ options }: { options: RolloutFormOptions }) {
  const t = useT();
  return (
    <ActionForm
      intent="rollout.create"
      submitLabel={t('rollouts.start')}
      extra={
        // the same form, counted instead of started: the answer comes back as a notice
        <Button type="submit" name="preview" value="1" variant="default">
          {t('rollouts.preview')}
        </Button>
      }
    >
      {(errors) => (
        <Stack>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput name="name" label={t('rollouts.field.name')} required error={errors.name} />
            <NativeSelect
              name="releaseId"
              label={t('rollouts.field.release')}
              data={options.releases}
              defaultValue={options.releaseId}
              error={errors.releaseId}
            />
          </SimpleGrid>
          <Section title={t('rollouts.section.targets')}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <MultiSelect
                name="organizationIds"
                label={t('rollouts.field.organizations')}
                data={options.organizations}
                clearable
                searchable
                error={errors.organizationIds}
              />
              <TextInput
                name="hardwareRevision"
                label={t('rollouts.field.hardwareRevision')}
                error={errors.hardwareRevision}
              />
              <TextInput
                name="versionRange"
                label={t('rollouts.field.versionRange')}
                placeholder=">=1.2.0 <1.5.0"
                error={errors.versionRange}
              />
              <TextInput
                name="tags"
                label={t('rollouts.field.tags')}
                placeholder={options.tags.join(', ')}
                error={errors.tags}
              />
            </SimpleGrid>
            <Textarea
              name="serials"
              label={t('rollouts.field.serials')}
              autosize
              minRows={2}
              maxRows={8}
              placeholder="ILS-24A00017"
              error={errors.serials}
            />
          </Section>
          <Section title={t('rollouts.section.waves')}>
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput
                name="waves"
                label={t('rollouts.field.waves')}
                defaultValue="1, 10, 50, 100"
                error={errors.waves}
              />
              <TextInput
                name="soakMinutes"
                label={t('rollouts.field.soakMinutes')}
                defaultValue="60"
                inputMode="numeric"
                error={errors.soakMinutes}
              />
              <TextInput
                name="maxFailurePct"
                label={t('rollouts.field.maxFailurePct')}
                defaultValue="5"
                inputMode="decimal"
                error={errors.maxFailurePct}
              />
              <TextInput
                name="onlineTimeoutMinutes"
                label={t('rollouts.field.onlineTimeoutMinutes')}
                defaultValue="15"
                inputMode="numeric"
                error={errors.onlineTimeoutMinutes}
              />
              <TextInput
                name="stepTimeoutMinutes"
                label={t('rollouts.field.stepTimeoutMinutes')}
                defaultValue="30"
                inputMode="numeric"
                error={errors.stepTimeoutMinutes}
              />
            </SimpleGrid>
          </Section>
          <Section title={t('rollouts.section.pace')}>
            <SimpleGrid cols={{ base: 1, md: 4 }}>
              <TextInput
                name="ratePerMinute"
                label={t('rollouts.field.ratePerMinute')}
                defaultValue="60"
                inputMode="numeric"
                error={errors.ratePerMinute}
              />
              <TextInput
                name="windowFrom"
                label={t('rollouts.field.windowFrom')}
                placeholder="01:00"
                error={errors.windowFrom}
              />
              <TextInput
                name="windowTo"
                label={t('rollouts.field.windowTo')}
                placeholder="05:00"
                error={errors.windowTo}
              />
              <TextInput
                name="windowDays"
                label={t('rollouts.field.windowDays')}
                placeholder="1,2,3,4,5"
                error={errors.windowDays}
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('rollouts.windowHint')}
            </Text>
          </Section>
        </Stack>
      )}
    </ActionForm>
  );
}
