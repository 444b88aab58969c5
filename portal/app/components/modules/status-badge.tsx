import { deviceStatusText, faultText } from '@ilumen/i18n';
import { Alert, Anchor, Badge, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useRef, useState } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export type ModuleType = 'battery' | 'heat' | 'charger';

const COLORS: Record<string, string> = {
  Laden: 'green',
  Ontladen: 'blue',
  Fout: 'red',
  Slaapt: 'yellow',
  'EV geconnecteerd': 'teal',
  Start: 'gray',
  Standby: 'gray',
  'Inactief/standby': 'gray',
};

export const MODULE_NAMES: Record<ModuleType, string> = {
  battery: 'iLubat',
  heat: 'iLuheat',
  charger: 'iLucharge',
};

/**
 * A device's status as the manual names it (3A), with its meaning on hover and on tap: a badge that is a button
 * opening a small popover, so it works with a mouse, a finger and a keyboard alike.
 */
export function StatusBadge({
  type,
  status,
  size = 'md',
}: {
  type: ModuleType;
  status: string | null;
  size?: 'sm' | 'md' | 'lg';
}) {
  const t = useT();
  const [opened, setOpened] = useState(false);
  // A tap sends mouseenter and then click: the click must not close what the "hover" of that same tap just opened.
  const hoveredAt = useRef(0);
  if (!status) {
    return (
      <Badge variant="light" color="gray" size={size}>
        {t('modules.status.unknown')}
      </Badge>
    );
  }
  const label = deviceStatusText(t, type, status);
  const meaning = `modules.meaning.${type}.${status}`;
  return (
    <Popover opened={opened} onChange={setOpened} width={280} position="bottom" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton
          onClick={() => setOpened((o) => (Date.now() - hoveredAt.current < 600 ? true : !o))}
          onMouseEnter={() => {
            hoveredAt.current = Date.now();
            setOpened(true);
          }}
          onMouseLeave={() => setOpened(false)}
          aria-label={t('modules.status.whatIs', { status: label })}
          aria-expanded={opened}
          data-testid={`status-${type}`}
        >
          <Badge variant="light" color={COLORS[status] ?? 'gray'} size={size} style={{ cursor: 'help' }}>
            {label}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" role="tooltip">
          {t.has(meaning) ? t(meaning) : label}
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}

export interface Fault {
  code: string | null;
  text: string | null;
  since: string | null;
}

/** "Fout": what went wrong, and what to do — mail iLumen; support sees the same error on its side (alarms, decision 041). */
export function FaultNotice({ fault, device }: { fault: Fault; device: string }) {
  const t = useT();
  const f = useFormat();
  const code = fault.code ?? '?';
  const subject = encodeURIComponent(t('modules.fault.mailSubject', { code, device }));
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={t('modules.fault.title', { code, text: faultText(t, fault.code, fault.text) })}
      data-testid="fault-notice"
    >
      <Stack gap={4}>
        <Text size="sm">{t('modules.fault.contact')}</Text>
        <Anchor href={`mailto:ilusmart@ilumen.be?subject=${subject}`} size="sm">
          ilusmart@ilumen.be
        </Anchor>
        {fault.since ? (
          <Text size="xs" c="dimmed">
            {f.dateTime(fault.since)}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
