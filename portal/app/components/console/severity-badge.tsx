import { Badge } from '@mantine/core';
import { useT } from '~/lib/i18n';

const COLORS = { critical: 'red', warning: 'orange', info: 'blue' } as const;

export function SeverityBadge({ severity }: { severity: 'critical' | 'warning' | 'info' }) {
  const t = useT();
  return (
    <Badge color={COLORS[severity]} variant="light">
      {t(`alarms.severity.${severity}`)}
    </Badge>
  );
}
