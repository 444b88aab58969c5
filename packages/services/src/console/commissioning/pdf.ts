import {
  deviceStatusText,
  formatDate,
  formatDateTime,
  formatReading,
  type Locale,
  translator,
} from '@ilumen/i18n';
import { pdfDocument } from '../../pdf';
import type { CommissioningReport } from './views';

/**
 * The commissioning report as a PDF (A4, decision 190's shared helper). The same facts as the printable page, in the
 * reader's language.
 */
export function renderCommissioningPdf(report: CommissioningReport, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const pdf = pdfDocument({ title: t('commissioning.report.title'), subtitle: report.address });
  const section = (title: string) => pdf.section(title);
  const row = (label: string, value: string) => pdf.row(label, value);

  section(t('commissioning.report.site'));
  if (report.siteName) row(t('common.name'), report.siteName);
  row(t('sites.installer'), report.organization);
  if (report.installer)
    row(t('commissioning.report.technician'), `${report.installer.name} (${report.installer.email})`);
  row(
    t('commissioning.report.owner'),
    report.owner.email ? `${report.owner.name ?? ''} ${report.owner.email}`.trim() : '—',
  );
  row(t('sites.grid'), `${t(`sites.gridPhases.${report.grid.phases}`)} · ${report.grid.mainFuseA} A`);
  row('EAN', report.ean ?? '—');
  row(
    t('commissioning.report.mandate'),
    report.mandate ? t(`mandate.status.${report.mandate.status}`) : t('commissioning.report.mandateLater'),
  );

  section(t('commissioning.report.gateway'));
  if (report.gateway) {
    row(t('commissioning.report.serial'), report.gateway.serial);
    row(
      t('commissioning.report.firmware'),
      [report.gateway.firmware, report.gateway.hardware].filter(Boolean).join(' · ') || '—',
    );
    row(
      t('commissioning.report.lastSeen'),
      report.gateway.lastSeenAt ? formatDateTime(locale, report.gateway.lastSeenAt) : '—',
    );
    row(
      t('commissioning.report.config'),
      report.config
        ? `v${report.config.version} · ${t(`config.status.${report.config.state}`, { reason: '' })}`
        : '—',
    );
  } else {
    pdf.text('—');
  }

  section(t('commissioning.report.devices'));
  if (report.devices.length === 0) pdf.text('—');
  for (const d of report.devices) {
    row(
      t(`devices.type.${d.type}`),
      [
        [d.manufacturer, d.model].filter(Boolean).join(' '),
        d.serial,
        d.endpoint ? `${d.endpoint} #${d.unitId} (${d.driver})` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    );
  }

  section(t('commissioning.report.liveCheck'));
  if (!report.live) pdf.text(t('commissioning.report.noLiveCheck'));
  else {
    pdf.text(formatDateTime(locale, report.live.checkedAt), { muted: true });
    for (const c of report.live.checks) {
      const mark = c.ok ? 'OK' : c.severity === 'warning' ? '!' : 'X';
      row(
        `${mark}  ${t(`commissioning.check.${c.id.split('.')[0]}.label`, { phase: (c.id.split('.')[1] ?? '').toUpperCase() })}`,
        [
          c.value ? formatReading(locale, c.value, (s) => deviceStatusText(t, null, s)) : null,
          c.ok ? null : t(c.messageKey, c.params),
        ]
          .filter(Boolean)
          .join(' — '),
      );
    }
  }

  return pdf
    .footer([
      `${t('commissioning.report.started')}: ${formatDate(locale, report.startedAt)}${report.completedAt ? ` · ${t('commissioning.report.completed')}: ${formatDate(locale, report.completedAt)}` : ''}`,
      `${t('commissioning.report.generated')}: ${formatDateTime(locale, report.generatedAt)}`,
    ])
    .end();
}
