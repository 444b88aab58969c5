import {
  deviceStatusText,
  formatDate,
  formatDateTime,
  formatReading,
  type Locale,
  translate,
} from '@ilumen/i18n';
import PDFDocument from 'pdfkit';
import type { CommissioningReport } from './views';

const ORANGE = '#e8590c';
const GREY = '#666666';

/**
 * The commissioning report as a PDF (A4), drawn with pdfkit's standard Helvetica, whose WinAnsi encoding covers
 * Dutch and French. The same facts as the printable page, in the reader's language.
 */
export function renderCommissioningPdf(report: CommissioningReport, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${t('commissioning.report.title')} — ${report.address}`, Author: 'iLumen' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fillColor(ORANGE).font('Helvetica-Bold').fontSize(20).text('iLumen');
  doc.fillColor('black').fontSize(16).text(t('commissioning.report.title'));
  doc.font('Helvetica').fontSize(11).fillColor(GREY).text(report.address);
  doc.moveDown();

  const section = (title: string) => {
    doc
      .moveDown(0.6)
      .fillColor(ORANGE)
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(title)
      .fillColor('black')
      .font('Helvetica')
      .fontSize(10);
  };
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.fillColor(GREY).text(label, 50, y, { width: 170 });
    const labelEnd = doc.y;
    doc.fillColor('black').text(value, 230, y, { width: 315 });
    doc.y = Math.max(labelEnd, doc.y);
    doc.x = 50;
  };

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
    doc.text('—');
  }

  section(t('commissioning.report.devices'));
  if (report.devices.length === 0) doc.text('—');
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
  if (!report.live) doc.text(t('commissioning.report.noLiveCheck'));
  else {
    doc.fillColor(GREY).text(formatDateTime(locale, report.live.checkedAt)).fillColor('black');
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

  doc.moveDown(2).fillColor(GREY).fontSize(9);
  doc.text(
    `${t('commissioning.report.started')}: ${formatDate(locale, report.startedAt)}${report.completedAt ? ` · ${t('commissioning.report.completed')}: ${formatDate(locale, report.completedAt)}` : ''}`,
  );
  doc.text(`${t('commissioning.report.generated')}: ${formatDateTime(locale, report.generatedAt)}`);
  doc.end();
  return done;
}
