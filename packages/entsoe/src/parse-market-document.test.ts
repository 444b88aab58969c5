import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EntsoeParseError } from './entsoe-errors';
import { isNoDataAcknowledgement, type PublicationDocument } from './market-document';
import { parseMarketDocument } from './parse-market-document';
import { documentSlots, expandPeriod, slotsOfDay } from './price-slots';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const REAL = fixture('BE_day_ahead_2024-10-08_PT60M.xml');
const MIXED = fixture('BE_mixed_resolution_A03_gaps_EDITED.xml');

function publication(xml: string): PublicationDocument {
  const doc = parseMarketDocument(xml);
  if (doc.kind !== 'publication') throw new Error('expected a publication');
  return doc;
}

const priceAt = (slots: { start: string; eurPerMwh: number }[], iso: string) =>
  slots.find((s) => s.start === iso)?.eurPerMwh;

describe('the real BE PT60M document (delivery day 2024-10-08)', () => {
  const doc = publication(REAL);

  it('reads the header and the one series', () => {
    expect(doc).toMatchObject({ type: 'A44', mRID: 'c3891474d3014008b9c6036658010b88' });
    expect(new Date(doc.start).toISOString()).toBe('2024-10-07T22:00:00.000Z');
    expect(doc.series).toHaveLength(1);
    expect(doc.series[0]).toMatchObject({ inDomain: '10YBE----------2', curveType: 'A03' });
  });

  it('gives 24 hourly slots with the prices by position', () => {
    const day = slotsOfDay(doc, '2024-10-08');
    expect(day).toMatchObject({ minutes: 60, complete: true });
    expect(day.slots).toHaveLength(24);
    // position 1 = 00:00 Brussels = 22:00Z the day before; position 9 = "100"; position 18 = 54.04; 24 = "50".
    expect(day.slots[0]).toEqual({ start: '2024-10-07T22:00:00.000Z', minutes: 60, eurPerMwh: 64.98 });
    expect(priceAt(day.slots, '2024-10-08T06:00:00.000Z')).toBe(100);
    expect(priceAt(day.slots, '2024-10-08T15:00:00.000Z')).toBe(54.04);
    expect(day.slots[23]).toEqual({ start: '2024-10-08T21:00:00.000Z', minutes: 60, eurPerMwh: 50 });
  });

  it('is namespace-agnostic (prefixed elements, other namespace URI)', () => {
    const prefixed = REAL.replace(/<(\/?)([A-Za-z_][\w.]*)/g, '<$1pm:$2')
      .replace('<?pm:xml', '<?xml')
      .replace('xmlns=', 'xmlns:pm=')
      .replace('7:3', '7:0');
    expect(prefixed).toContain('<pm:Point>');
    expect(slotsOfDay(publication(prefixed), '2024-10-08').slots).toEqual(
      slotsOfDay(doc, '2024-10-08').slots,
    );
  });
});

describe('the hand-edited mixed-resolution A03 document', () => {
  const doc = publication(MIXED);

  it('keeps the resolutions apart', () => {
    const byMinutes = documentSlots(doc);
    expect(byMinutes.get(15)).toHaveLength(192); // 2024-10-06 and 2024-10-07, 96 quarters each
    expect(byMinutes.get(60)).toHaveLength(24); // 2024-10-08
  });

  it('fills A03 gaps by carrying the previous price forward, up to the period end', () => {
    const day = slotsOfDay(doc, '2024-10-06');
    expect(day).toMatchObject({ minutes: 15, complete: true });
    expect(day.slots).toHaveLength(96);
    const price = (position: number) => day.slots[position - 1]!.eurPerMwh;
    // Points every 4 positions: 1 = 55.35, 5 = 44.22 → 2–4 carry 55.35.
    expect([1, 2, 3, 4, 5].map(price)).toEqual([55.35, 55.35, 55.35, 55.35, 44.22]);
    // 53 = −0.01, then nothing until 61 = 0.2: 54–60 stay at −0.01.
    expect([53, 56, 57, 60, 61].map(price)).toEqual([-0.01, -0.01, -0.01, -0.01, 0.2]);
    // The last point is 93 = 52.33; it carries to 96, the period end.
    expect([93, 94, 95, 96].map(price)).toEqual([52.33, 52.33, 52.33, 52.33]);
    expect(day.slots[0]!.start).toBe('2024-10-05T22:00:00.000Z');
    expect(day.slots[95]!.start).toBe('2024-10-06T21:45:00.000Z');
  });

  it('second period: positions 73–76 at 159.2 (18:00–18:45 local, 16:00Z in summer time)', () => {
    const day = slotsOfDay(doc, '2024-10-07');
    expect(day.slots.slice(72, 76).map((s) => [s.start, s.eurPerMwh])).toEqual([
      ['2024-10-07T16:00:00.000Z', 159.2],
      ['2024-10-07T16:15:00.000Z', 159.2],
      ['2024-10-07T16:30:00.000Z', 159.2],
      ['2024-10-07T16:45:00.000Z', 159.2],
    ]);
  });

  it('the hourly period of the third day matches the real document', () => {
    expect(slotsOfDay(doc, '2024-10-08')).toEqual(slotsOfDay(publication(REAL), '2024-10-08'));
    expect(slotsOfDay(doc, '2024-10-09')).toEqual({ minutes: null, slots: [], complete: false });
  });
});

describe('acknowledgements and broken documents', () => {
  const ACK = `<?xml version="1.0" encoding="UTF-8"?>
<Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">
  <mRID>7f1ac1a8-0cd0-4</mRID>
  <createdDateTime>2024-10-07T14:43:03Z</createdDateTime>
  <Reason>
    <code>999</code>
    <text>No matching data found for Data item Day-ahead Prices [12.1.D] (10YBE----------2, 10YBE----------2) and interval 2030-01-01T00:00:00.000Z/2030-01-02T00:00:00.000Z.</text>
  </Reason>
</Acknowledgement_MarketDocument>`;

  it('reads the "no data" acknowledgement', () => {
    const doc = parseMarketDocument(ACK);
    expect(doc.kind).toBe('acknowledgement');
    if (doc.kind !== 'acknowledgement') return;
    expect(doc.reasons[0]!.code).toBe('999');
    expect(isNoDataAcknowledgement(doc)).toBe(true);
    expect(isNoDataAcknowledgement({ ...doc, reasons: [{ code: '999', text: 'too much data' }] })).toBe(
      false,
    );
  });

  it('refuses what it cannot trust, with the reason', () => {
    expect(() => parseMarketDocument('<html><body>Bad gateway</body></html>')).toThrow(EntsoeParseError);
    expect(() => parseMarketDocument('not xml at all <')).toThrow(EntsoeParseError);
    expect(() =>
      parseMarketDocument(REAL.replace('<currency_Unit.name>EUR', '<currency_Unit.name>GBP')),
    ).toThrow(/EUR/);
    expect(() => parseMarketDocument(REAL.replace('<resolution>PT60M', '<resolution>PT30M'))).toThrow(
      /PT15M/,
    );
    expect(() => parseMarketDocument(REAL.replace('<price.amount>100<', '<price.amount>1,00<'))).toThrow(
      /decimal/,
    );
    const pastEnd = publication(REAL.replace('<position>24</position>', '<position>25</position>'));
    expect(() => expandPeriod(pastEnd.series[0]!.periods[0]!, 'A03')).toThrow(/past the period end/);
    const twice = publication(REAL.replace('<position>24</position>', '<position>23</position>'));
    expect(() => slotsOfDay(twice, '2024-10-08')).toThrow(/twice/);
  });

  it('A01 leaves a missing position missing instead of carrying forward', () => {
    const a01 = publication(MIXED.replace('<curveType>A03', '<curveType>A01'));
    const day = slotsOfDay(a01, '2024-10-06', { prefer: 15 });
    // 23 points were written for that day (position 57 is an A03 omission).
    expect(day.slots).toHaveLength(23);
    expect(day.slots.map((s) => s.start)).not.toContain('2024-10-06T12:00:00.000Z');
    expect(day.complete).toBe(false);
  });
});
