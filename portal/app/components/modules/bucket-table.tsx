import { VisuallyHidden } from '@mantine/core';
import { useLocale, useT } from '~/lib/i18n';
import { bucketLabel, type PeriodKind } from './period-nav';

/**
 * A period chart's values for a screen reader (the chart itself is hidden from it): one row a bucket, named as the
 * chart's axis names it, a column a value.
 */
export function BucketTable<B extends { label: string; start?: string }>({
  caption,
  kind,
  buckets,
  columns,
}: {
  caption: string;
  kind: PeriodKind;
  buckets: B[];
  columns: Array<{ label: string; value: (b: B) => string }>;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <VisuallyHidden>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.name')}</th>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            // a bucket's start where it has one: an hour's label comes twice on the day the clocks go back
            <tr key={b.start ?? b.label}>
              <th scope="row">{bucketLabel(kind, b.label, locale)}</th>
              {columns.map((c) => (
                <td key={c.label}>{c.value(b)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </VisuallyHidden>
  );
}
