import PDFDocument from 'pdfkit';

// One way the product draws a PDF (decision 190): A4, pdfkit's standard Helvetica (its WinAnsi encoding covers Dutch
// and French, € included), iLumen's orange for titles, a heading, sections, label/value rows and simple tables.
// Callers translate every text before they hand it over; the document knows no language.

const ORANGE = '#e8590c';
const GREY = '#666666';
const LEFT = 50;
const WIDTH = 495; // A4 (595 pt) minus two 50 pt margins

export interface PdfColumn {
  header: string;
  /** Share of the page's width (the columns' weights are scaled to fill it). */
  weight?: number;
  align?: 'left' | 'right';
}

export interface PdfWriter {
  /** The underlying pdfkit document, for what the helpers below do not draw. */
  doc: PDFKit.PDFDocument;
  /** A coloured section title. */
  section(title: string): PdfWriter;
  /** A grey label and its value on one line (wrapping in their columns). */
  row(label: string, value: string): PdfWriter;
  /** Plain text (grey when `muted`). */
  text(value: string, options?: { muted?: boolean; bold?: boolean }): PdfWriter;
  /** A table: a bold header line, then one line per row; a new page repeats the header. */
  table(columns: PdfColumn[], rows: string[][], options?: { boldLast?: boolean }): PdfWriter;
  /** Small grey lines at the end (generated at, source of a rate, ...). */
  footer(lines: string[]): PdfWriter;
  /** Ends the document and gives its bytes. */
  end(): Promise<Buffer>;
}

/** Starts an A4 document with iLumen's heading, a title and an optional subtitle (address, period). */
export function pdfDocument(options: { title: string; subtitle?: string; author?: string }): PdfWriter {
  const doc = new PDFDocument({
    size: 'A4',
    margin: LEFT,
    info: {
      Title: options.subtitle ? `${options.title} — ${options.subtitle}` : options.title,
      Author: options.author ?? 'iLumen',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fillColor(ORANGE).font('Helvetica-Bold').fontSize(20).text('iLumen');
  doc.fillColor('black').fontSize(16).text(options.title);
  if (options.subtitle) doc.font('Helvetica').fontSize(11).fillColor(GREY).text(options.subtitle);
  doc.font('Helvetica').fontSize(10).fillColor('black').moveDown();

  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const writer: PdfWriter = {
    doc,
    section(title) {
      doc.moveDown(0.6).fillColor(ORANGE).font('Helvetica-Bold').fontSize(12).text(title, LEFT);
      doc.fillColor('black').font('Helvetica').fontSize(10);
      return writer;
    },
    row(label, value) {
      const y = doc.y;
      doc.fillColor(GREY).text(label, LEFT, y, { width: 170 });
      const labelEnd = doc.y;
      doc.fillColor('black').text(value, LEFT + 180, y, { width: WIDTH - 180 });
      doc.y = Math.max(labelEnd, doc.y);
      doc.x = LEFT;
      return writer;
    },
    text(value, o = {}) {
      doc
        .fillColor(o.muted ? GREY : 'black')
        .font(o.bold ? 'Helvetica-Bold' : 'Helvetica')
        .text(value, LEFT, doc.y, { width: WIDTH });
      doc.fillColor('black').font('Helvetica');
      return writer;
    },
    table(columns, rows, o = {}) {
      const total = columns.reduce((s, c) => s + (c.weight ?? 1), 0);
      const widths = columns.map((c) => ((c.weight ?? 1) / total) * WIDTH);
      const line = (cells: string[], bold: boolean) => {
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
        const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 4 }));
        const h = Math.max(...heights, 10);
        if (doc.y + h > bottom()) {
          doc.addPage();
          if (!bold || cells !== header) line(header, true);
        }
        const y = doc.y;
        let x = LEFT;
        cells.forEach((cell, i) => {
          doc.text(cell, x, y, { width: widths[i]! - 4, align: columns[i]!.align ?? 'left' });
          x += widths[i]!;
        });
        doc.y = y + h + 2;
      };
      const header = columns.map((c) => c.header);
      line(header, true);
      doc
        .moveTo(LEFT, doc.y - 1)
        .lineTo(LEFT + WIDTH, doc.y - 1)
        .strokeColor(GREY)
        .lineWidth(0.5)
        .stroke();
      for (const [i, r] of rows.entries()) line(r, Boolean(o.boldLast) && i === rows.length - 1);
      doc.font('Helvetica').fontSize(10).x = LEFT;
      return writer;
    },
    footer(lines) {
      doc.moveDown(2).fillColor(GREY).fontSize(9);
      for (const l of lines) doc.text(l, LEFT);
      doc.fillColor('black').fontSize(10);
      return writer;
    },
    end() {
      doc.end();
      return done;
    },
  };
  return writer;
}
