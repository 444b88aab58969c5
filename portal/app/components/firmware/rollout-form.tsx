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
  type TextInputProps,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';

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
    <IntentForm
      intent="rollout.create"
      submitLabel={t('rollouts.start')}
      extra={
        // the same form, counted instead of started: the answer comes back as a notice
        <Button type="submit" name="preview" value="1" variant="default">
          {t('rollouts.preview')}
        </Button>
      }
    >
      {(errors) => {
        // a rollout setting: its name, its label under `rollouts.field`, its error next to it
        const field = (name: string, props: TextInputProps = {}) => (
          <TextInput name={name} label={t(`rollouts.field.${name}`)} error={errors[name]} {...props} />
        );
        return (
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {field('name', { required: true })}
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
                {field('hardwareRevision')}
                {field('versionRange', { placeholder: '>=1.2.0 <1.5.0' })}
                {field('tags', { placeholder: options.tags.join(', ') })}
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
                {field('waves', { defaultValue: '1, 10, 50, 100' })}
                {field('soakMinutes', { defaultValue: '60', inputMode: 'numeric' })}
                {field('maxFailurePct', { defaultValue: '5', inputMode: 'decimal' })}
                {field('onlineTimeoutMinutes', { defaultValue: '15', inputMode: 'numeric' })}
                {field('stepTimeoutMinutes', { defaultValue: '30', inputMode: 'numeric' })}
              </SimpleGrid>
            </Section>
            <Section title={t('rollouts.section.pace')}>
              <SimpleGrid cols={{ base: 1, md: 4 }}>
                {field('ratePerMinute', { defaultValue: '60', inputMode: 'numeric' })}
                {field('windowFrom', { placeholder: '01:00' })}
                {field('windowTo', { placeholder: '05:00' })}
                {field('windowDays', { placeholder: '1,2,3,4,5' })}
              </SimpleGrid>
              <Text size="xs" c="dimmed">
                {t('rollouts.windowHint')}
              </Text>
            </Section>
          </Stack>
        );
      }}
    </IntentForm>
  );
}
