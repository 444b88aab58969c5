import { XMLParser } from 'fast-xml-parser';
import type { z } from 'zod';
import { EntsoeParseError } from './entsoe-errors';
import {
  acknowledgementDocumentSchema,
  type MarketDocument,
  type PricePeriod,
  publicationDocumentSchema,
  resolutionMinutes,
} from './market-document';

const REPEATED = new Set(['TimeSeries', 'Period', 'Point', 'Reason']);

// Configuration only; XMLParser keeps no state between parse() calls.
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Parse an ENTSO-E answer: a Publication_MarketDocument (prices) or an Acknowledgement_MarketDocument (refusal or
 * "no data"), whatever the namespace or prefix. Throws EntsoeParseError for anything else.
 */
export function parseMarketDocument(xml: string): MarketDocument {
  let root: Record<string, unknown>;
  try {
    root = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new EntsoeParseError(`not well-formed XML: ${(error as Error).message}`);
  }
  if (root.Publication_MarketDocument !== undefined) {
    const parsed = publicationDocumentSchema.safeParse(root.Publication_MarketDocument);
    if (!parsed.success)
      throw new EntsoeParseError(`unexpected Publication_MarketDocument: ${describe(parsed.error)}`);
    const doc = parsed.data;
    return {
      kind: 'publication',
      mRID: doc.mRID,
      type: doc.type,
      createdDateTime: doc.createdDateTime,
      start: doc['period.timeInterval'].start,
      end: doc['period.timeInterval'].end,
      series: doc.TimeSeries.map((ts) => ({
        mRID: ts.mRID,
        inDomain: ts['in_Domain.mRID'],
        outDomain: ts['out_Domain.mRID'],
        curveType: ts.curveType,
        periods: ts.Period.map(
          (p): PricePeriod => ({
            start: p.timeInterval.start,
            end: p.timeInterval.end,
            minutes: resolutionMinutes[p.resolution],
            points: p.Point.map((pt) => ({ position: pt.position, amount: pt['price.amount'] })),
          }),
        ),
      })),
    };
  }
  if (root.Acknowledgement_MarketDocument !== undefined) {
    const parsed = acknowledgementDocumentSchema.safeParse(root.Acknowledgement_MarketDocument);
    if (!parsed.success) {
      throw new EntsoeParseError(`unexpected Acknowledgement_MarketDocument: ${describe(parsed.error)}`);
    }
    return { kind: 'acknowledgement', mRID: parsed.data.mRID, reasons: parsed.data.Reason };
  }
  const names = Object.keys(root).filter((k) => !k.startsWith('?'));
  throw new EntsoeParseError(
    `expected a Publication_ or Acknowledgement_MarketDocument, got ${names.join(', ') || 'nothing'}`,
  );
}
