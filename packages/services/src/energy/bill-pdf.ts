import type { Bill } from '@ilumen/energy';
import {
  formatDate,
  formatEuro,
  formatKwh,
  formatMonthYear,
  gridAreaName,
  type Locale,
  translator,
} from '@ilumen/i18n';
import { pdfDocument } from '../pdf';
import type { ComparisonRowView, SiteComparison } from './comparison';

// The month's bill and the contract comparison as PDFs (decision 190's one helper, decision 240): the same figures as
// their pages, in the reader's language.

/** Helvetica's WinAnsi encoding has no U+2212 minus nor U+202F narrow space: their plain forms print. */
const winAnsi = (s: string) => s.replace(/\u2212/g, '-').replace(/\u202f/g, '\u00a0');

export function contractName(
  t: ReturnType<typeof translator>,
  row: Pick<ComparisonRowView, 'kind' | 'ownKind' | 'name'>,
) {
  if (row.kind !== 'own') return row.name;
  return row.ownKind
    ? t('comparison.ownKind', { kind: t(`bill.contract.kind.${row.ownKind}`) })
    : t('comparison.own');
}

export function renderComparisonPdf(
  c: SiteComparison & { state: 'ready' },
  locale: Locale,
  address: string,
  today: string,
): Promise<Buffer> {
  const t = translator(locale);
  const euro = (v: string) => winAnsi(formatEuro(locale, v));
  const kwh = (v: string) => winAnsi(formatKwh(locale, Number(v) * 1000));
  const pct = (v: number | null) => (v === null ? '—' : `${winAnsi(v.toLocaleString(locale))}\u00a0%`);
  const pdf = pdfDocument({ title: t('comparison.pdf.title'), subtitle: address });
  pdf.row(t('comparison.pdf.period'), `${formatDate(locale, c.firstDay)} – ${formatDate(locale, c.lastDay)}`);
  // fewer than 12 whole months; a home without a whole month yet is compared on its days, named as days
  if (!c.wholeMonths)
    pdf.text(
      t('comparison.partialDays', {
        days: c.days,
        from: formatDate(locale, c.firstDay),
        to: formatDate(locale, c.lastDay),
      }),
      { muted: true },
    );
  else if (c.months < 12)
    pdf.text(t('comparison.partial', { months: c.months, from: formatDate(locale, c.firstDay) }), {
      muted: true,
    });
  if (c.simpleTariff) pdf.text(t('comparison.simpleTariff'), { muted: true });
  pdf.section(t('comparison.title'));
  pdf.table(
    [
      { header: t('comparison.contract'), weight: 3 },
      { header: t('comparison.actual'), weight: 2, align: 'right' },
      { header: t('comparison.without'), weight: 2, align: 'right' },
      { header: t('comparison.saved'), weight: 2, align: 'right' },
    ],
    c.rows.map((r) => [
      winAnsi(`${contractName(t, r)}${r.cheapest ? ` (${t('comparison.cheapest')})` : ''}`),
      euro(r.actual.netEur),
      euro(r.without.netEur),
      euro(r.savedEur),
    ]),
  );
  for (const r of c.rows)
    if (r.actual.monthsWithoutPrice.length > 0) {
      const months = r.actual.monthsWithoutPrice.map((m) => formatMonthYear(locale, `${m}-01`)).join(', ');
      pdf.text(winAnsi(`${contractName(t, r)}: ${t('comparison.noMonthPrice', { months })}`));
    }
  pdf.text(t('comparison.pdf.amounts'), { muted: true });
  pdf.text(t('comparison.controlHint'), { muted: true });
  pdf.section(t('comparison.shares.title'));
  pdf.table(
    [
      { header: '', weight: 3 },
      { header: t('comparison.actual'), weight: 2, align: 'right' },
      { header: t('comparison.without'), weight: 2, align: 'right' },
    ],
    [
      [
        t('comparison.shares.selfConsumption'),
        pct(c.shares.selfConsumptionPct),
        pct(c.sharesWithout.selfConsumptionPct),
      ],
      [
        t('comparison.shares.selfSufficiency'),
        pct(c.shares.selfSufficiencyPct),
        pct(c.sharesWithout.selfSufficiencyPct),
      ],
      [t('comparison.shares.production'), kwh(c.shares.productionKwh), kwh(c.sharesWithout.productionKwh)],
      [t('comparison.shares.use'), kwh(c.shares.useKwh), kwh(c.sharesWithout.useKwh)],
      [t('comparison.shares.import'), kwh(c.shares.importKwh), kwh(c.sharesWithout.importKwh)],
      [t('comparison.shares.export'), kwh(c.shares.exportKwh), kwh(c.sharesWithout.exportKwh)],
    ],
  );
  pdf.text(t('comparison.shares.hint'), { muted: true });
  pdf.section(t('comparison.months.title'));
  pdf.table(
    [
      { header: t('comparison.months.month'), weight: 2 },
      { header: t('comparison.months.import'), weight: 2, align: 'right' },
      { header: t('comparison.months.net'), weight: 2, align: 'right' },
      {
        header: `${t('comparison.months.import')} (${t('comparison.months.lastYear')})`,
        weight: 2,
        align: 'right',
      },
      {
        header: `${t('comparison.months.net')} (${t('comparison.months.lastYear')})`,
        weight: 2,
        align: 'right',
      },
    ],
    c.monthly.map((m) => [
      formatMonthYear(locale, `${m.month}-01`),
      kwh(m.thisYear.importKwh),
      euro(m.thisYear.netEur),
      m.lastYear ? kwh(m.lastYear.importKwh) : '—',
      m.lastYear ? euro(m.lastYear.netEur) : '—',
    ]),
  );
  pdf.footer([t('comparison.pdf.generated', { date: formatDate(locale, today) })]);
  return pdf.end();
}

const GROUPS = ['energy', 'network', 'levies'] as const;

/** The month's bill as the bill page reads it. */
export function renderBillPdf(
  bill: Bill,
  month: string,
  area: string | null,
  locale: Locale,
  address: string,
  today: string,
): Promise<Buffer> {
  const t = translator(locale);
  const euro = (v: string) => winAnsi(formatEuro(locale, v));
  const kwh = (v: string | null) => (v === null ? '' : winAnsi(formatKwh(locale, Number(v) * 1000)));
  const pdf = pdfDocument({
    title: t('bill.title', { month: formatMonthYear(locale, `${month}-01`) }),
    subtitle: address,
  });
  pdf.text(area ? t('bill.area', { area: gridAreaName(area) }) : t('bill.noArea'), { muted: true });
  if (bill.daysWithoutContract > 0) pdf.text(t('bill.noContract', { days: bill.daysWithoutContract }));
  if (bill.daysWithoutRates > 0) pdf.text(t('bill.noRates', { days: bill.daysWithoutRates }));
  if (bill.quartersWithoutPrice > 0) pdf.text(t('bill.noPrices', { count: bill.quartersWithoutPrice }));
  const total = { energy: bill.energyEur, network: bill.networkEur, levies: bill.leviesEur };
  const rows: string[][] = [];
  for (const g of GROUPS) {
    rows.push([t(`bill.group.${g}`), '', euro(total[g])]);
    for (const l of bill.lines.filter((x) => x.group === g))
      rows.push([`    ${t(`bill.line.${l.key}`)}`, kwh(l.kwh), euro(l.eur)]);
  }
  rows.push([t('bill.exclVat'), '', euro(bill.exclVatEur)]);
  rows.push([t('bill.vat'), '', euro(bill.vatEur)]);
  rows.push([t('bill.inclVat'), '', euro(bill.inclVatEur)]);
  rows.push([
    winAnsi(t('bill.injection', { kwh: formatKwh(locale, Number(bill.injectionKwh) * 1000) })),
    '',
    `- ${euro(bill.injectionEur)}`,
  ]);
  rows.push([t('bill.net'), '', euro(bill.netEur)]);
  pdf.table(
    [
      { header: '', weight: 4 },
      { header: 'kWh', weight: 2, align: 'right' },
      { header: '€', weight: 2, align: 'right' },
    ],
    rows,
    { boldLast: true },
  );
  pdf.footer([t('comparison.pdf.generated', { date: formatDate(locale, today) })]);
  return pdf.end();
}
