import { Badge } from '@mantine/core';
import { useT } from '~/lib/i18n';

/** Whether an installer or a person may sign in and work: green "Actief", grey "Inactief". */
export function ActiveBadge({ active }: { active: boolean | number }) {
  const t = useT();
  return (
    <Badge variant="light" color={active ? 'green' : 'gray'}>
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  );
}
