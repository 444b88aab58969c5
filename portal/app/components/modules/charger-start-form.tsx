import { Button, Collapse, Group, SegmentedControl, Slider, Stack, Text, TextInput } from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { useState } from 'react';
import { FormError } from '~/components/form-error';
import type { ActionData } from '~/components/form-modal';
import { useT } from '~/lib/i18n';
import { useHydrated } from '~/lib/use-hydrated';

/**
 * Starting a session (manual 3D): fast, or smart with how ecological (the share that may come from the grid) and an
 * optional "X km by HH:MM" guarantee. Posted to the page's action, which sends `charge.start` to the gateway.
 */
export function ChargerStartForm({ running }: { running: boolean }) {
  const t = useT();
  const fetcher = useFetcher<ActionData>({ key: 'charge-start' });
  const stop = useFetcher<ActionData>({ key: 'charge-stop' });
  const [mode, setMode] = useState<'fast' | 'smart'>('smart');
  const [eco, setEco] = useState(100);
  const hydrated = useHydrated();
  const result = fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const errors = result?.fieldErrors ?? {};
  return (
    <Stack gap="sm" aria-disabled={hydrated ? undefined : true}>
      <fetcher.Form method="post" aria-label={t('modules.charger.start')}>
        <input type="hidden" name="intent" value="charge.start" />
        <input type="hidden" name="mode" value={mode} />
        <input type="hidden" name="ecoLevel" value={eco} />
        <Stack gap="sm">
          <FormError message={result?.message} fieldErrors={result?.fieldErrors} />
          <Text fw={600} id="charge-mode-label">
            {t('modules.charger.mode')}
          </Text>
          <SegmentedControl
            aria-labelledby="charge-mode-label"
            value={mode}
            onChange={(v) => setMode(v as 'fast' | 'smart')}
            data={[
              { value: 'fast', label: t('modules.charger.mode.fast') },
              { value: 'smart', label: t('modules.charger.mode.smart') },
            ]}
          />
          <Text size="sm" c="dimmed">
            {mode === 'fast' ? t('modules.charger.fastHint') : t('modules.charger.smartHint')}
          </Text>
          <Collapse in={mode === 'smart'}>
            <Stack gap="sm">
              <Text size="sm" fw={500} id="eco-label">
                {t('modules.charger.eco')}
              </Text>
              <Slider
                aria-labelledby="eco-label"
                value={eco}
                onChange={setEco}
                step={10}
                min={0}
                max={100}
                label={(v) => `${v} %`}
                marks={[
                  { value: 0, label: '0 %' },
                  { value: 50, label: '50 %' },
                  { value: 100, label: '100 %' },
                ]}
                mb="md"
              />
              <Text size="sm" data-testid="eco-text">
                {eco === 100
                  ? t('modules.charger.ecoSun')
                  : t('modules.charger.ecoValue', { eco, grid: 100 - eco })}
              </Text>
              <Text size="sm" fw={500}>
                {t('modules.charger.guarantee')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('modules.charger.guaranteeHint')}
              </Text>
              <Group grow align="flex-start">
                <TextInput
                  name="rangeKm"
                  label={t('modules.charger.rangeKm')}
                  inputMode="numeric"
                  autoComplete="off"
                  error={errors.rangeKm}
                />
                <TextInput
                  name="byTime"
                  type="time"
                  label={t('modules.charger.byTime')}
                  error={errors.byTime}
                />
              </Group>
            </Stack>
          </Collapse>
          <Button type="submit" disabled={!hydrated} loading={fetcher.state !== 'idle'}>
            {t('modules.charger.startButton')}
          </Button>
        </Stack>
      </fetcher.Form>
      <FormError message={stop.state === 'idle' && stop.data && !stop.data.ok ? stop.data.message : null} />
      {running ? (
        <stop.Form method="post">
          <input type="hidden" name="intent" value="charge.stop" />
          <Button
            type="submit"
            color="red"
            variant="light"
            fullWidth
            disabled={!hydrated}
            loading={stop.state !== 'idle'}
          >
            {t('modules.charger.stopButton')}
          </Button>
        </stop.Form>
      ) : null}
    </Stack>
  );
}
