import type { MandateDisplayStatus } from '@ilumen/services';
import { Badge } from '@mantine/core';
import { useT } from '~/lib/i18n';

const COLOR: Record<MandateDisplayStatus, string> = {
  pending: 'blue',
  requested: 'blue',
  approved: 'orange',
  linked: 'green',
  rejected: 'red',
  gas: 'red',
  expired: 'gray',
  revoked: 'gray',
  cancelled: 'gray',
};

/** A mandate's status as a badge; the renewal status beside it when Fluvius gave one. */
export function MandateStatus({
  status,
  renewalStatus,
}: {
  status: MandateDisplayStatus;
  renewalStatus?: string | null;
}) {
  const t = useT();
  return (
    <>
      {/* Never cut short in a narrow table cell: the status is the point of the column. */}
      <Badge
        variant="light"
        color={COLOR[status]}
        data-testid="mandate-status"
        styles={{
          root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' },
          label: { overflow: 'visible' },
        }}
      >
        {t(`mandate.status.${status}`)}
      </Badge>
      {renewalStatus && status !== 'expired' ? (
        <Badge variant="outline" color="orange" ml={4}>
          {t(`mandate.renewal.${renewalStatus}`)}
        </Badge>
      ) : null}
    </>
  );
}
