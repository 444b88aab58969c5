import { describe, expect, it } from 'vitest';
import { pdfDocument } from './pdf';

describe('pdfDocument', () => {
  it('draws a table longer than a page, with € and accents, into one PDF', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Sessie ${i + 1} — été`, `${i},50 kWh`, `€ ${i},12`]);
    const bytes = await pdfDocument({ title: 'Overzicht', subtitle: 'Molenstraat 18' })
      .section('Laadsessies')
      .row('Werkgever', 'fleet@example.be')
      .table(
        [
          { header: 'Sessie', weight: 2 },
          { header: 'kWh', align: 'right' },
          { header: '€', align: 'right' },
        ],
        rows,
        { boldLast: true },
      )
      .footer(['Gemaakt op 7 december 2026'])
      .end();
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // more than one page: the table went on to a new page
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
  });
});
