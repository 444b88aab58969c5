import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useFetcher } from '@remix-run/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useT } from '~/lib/i18n';
import { FormError } from './form-error';

export type ActionData =
  | { ok: true; message: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

/**
 * A modal with a form posted by a fetcher: field errors show in place, success closes it and says so. The page's
 * loaders revalidate by themselves after the action.
 */
export function FormModal({
  opened,
  onClose,
  title,
  intent,
  submitLabel,
  danger,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  intent: string;
  submitLabel: string;
  danger?: boolean;
  children: (errors: Record<string, string>) => ReactNode;
}) {
  const fetcher = useFetcher<ActionData>({ key: `modal-${intent}` });
  const t = useT();
  const handled = useRef<unknown>(null);
  // What the last post of this opening answered: a refusal is shown until the modal closes. (State, not only the ref:
  // the refusal must render as soon as it arrives, and a reopened modal must not show the previous one.)
  const [refusal, setRefusal] = useState<Extract<ActionData, { ok: false }> | null>(null);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    if (fetcher.data.ok) {
      setRefusal(null);
      notifications.show({ message: fetcher.data.message, color: 'green', withBorder: true });
      onClose();
    } else setRefusal(fetcher.data);
  }, [fetcher.state, fetcher.data, onClose]);
  useEffect(() => {
    if (!opened) setRefusal(null);
  }, [opened]);
  const data = refusal;
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <fetcher.Form method="post" key={opened ? 'open' : 'closed'}>
        <input type="hidden" name="intent" value={intent} />
        <Stack>
          <FormError message={data?.message} fieldErrors={data?.fieldErrors} />
          {children(data?.fieldErrors ?? {})}
          <Group justify="flex-end">
            <Button variant="subtle" color="gray" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={fetcher.state !== 'idle'}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </fetcher.Form>
    </Modal>
  );
}

/**
 * "Are you sure?" for an action on one item (deactivate, remove, revoke): its ids go along as hidden fields, the
 * message says what will happen. Open while `item` is set.
 */
export function ConfirmModal<T>({
  item,
  onClose,
  title,
  intent,
  submitLabel,
  danger = true,
  fields,
  message,
}: {
  item: T | null;
  onClose: () => void;
  title: string;
  intent: string;
  submitLabel: string;
  danger?: boolean;
  fields: (item: T) => Record<string, string | number>;
  message?: (item: T) => string;
}) {
  return (
    <FormModal
      opened={item !== null}
      onClose={onClose}
      title={title}
      intent={intent}
      submitLabel={submitLabel}
      danger={danger}
    >
      {() =>
        item === null ? null : (
          <>
            {Object.entries(fields(item)).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            {message ? <Text>{message(item)}</Text> : null}
          </>
        )
      }
    </FormModal>
  );
}
