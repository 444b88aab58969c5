import { Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useFetcher } from '@remix-run/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { FormError } from '~/components/form-error';
import { useHydrated } from '~/lib/use-hydrated';

export type IntentResult =
  | ({ ok: true; message: string } & Record<string, unknown>)
  | { ok: false; message: string; fieldErrors: Record<string, string> };

/**
 * An inline form posted by a fetcher with an `intent` (multipart when it carries a file): field messages in place, the
 * form-level message above, a green notice on success and `onDone` (close a modal) after it. The page's loaders
 * revalidate after it, so what the step changed shows at once. The fetcher is the intent's and its object's (the hidden
 * fields): two forms of one intent on a page (add a tag, remove it) or another alarm's page do not share an answer.
 */
export function IntentForm({
  intent,
  submitLabel,
  children,
  extra,
  hidden = {},
  danger,
  action,
  disabled,
  multipart,
  onDone,
}: {
  intent: string;
  submitLabel: string;
  children?: (errors: Record<string, string>, data: IntentResult | undefined) => ReactNode;
  /** Shown next to the button. */
  extra?: ReactNode;
  hidden?: Record<string, string | number>;
  danger?: boolean;
  action?: string;
  disabled?: boolean;
  multipart?: boolean;
  onDone?: (data: IntentResult) => void;
}) {
  const object = Object.keys(hidden).length > 0 ? `-${JSON.stringify(hidden)}` : '';
  const fetcher = useFetcher<IntentResult>({ key: `intent-${intent}${object}` });
  // a post before React has taken over the page would leave it without the answer
  const hydrated = useHydrated();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    // the answer is there once the post is done, while the page's loaders revalidate: a form the new data removes (an
    // alarm marked seen has no "mark as seen" any more) is gone by the time the fetcher is idle, and its notice with it
    if (fetcher.state === 'submitting' || !fetcher.data || shown.current === fetcher.data) return;
    shown.current = fetcher.data;
    if (fetcher.data.ok) {
      notifications.show({ message: fetcher.data.message, color: 'green', withBorder: true });
      onDone?.(fetcher.data);
    }
  }, [fetcher.state, fetcher.data, onDone]);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return (
    <fetcher.Form method="post" action={action} encType={multipart ? 'multipart/form-data' : undefined}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Stack gap="sm">
        <FormError message={failed?.message} fieldErrors={failed?.fieldErrors} />
        {children?.(failed?.fieldErrors ?? {}, fetcher.data)}
        <Group gap="sm">
          <Button
            type="submit"
            loading={fetcher.state !== 'idle'}
            color={danger ? 'red' : undefined}
            disabled={disabled || !hydrated}
          >
            {submitLabel}
          </Button>
          {extra}
        </Group>
      </Stack>
    </fetcher.Form>
  );
}
