import { z } from 'zod';

// The parts of ENTSO-E's IEC 62325-451 documents we read, as zod schemas over fast-xml-parser's output (namespace
// prefixes removed, all values kept as strings). Unknown elements are ignored, so extra fields such as DE-LU's
// classificationSequence do not break parsing.

const UTC_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;

/** ENTSO-E writes instants as `2024-10-07T22:00Z`; parse them to epoch ms without relying on Date.parse leniency. */
export const utcMinuteSchema = z
  .string()
  .trim()
  .regex(UTC_MINUTE, 'expected an instant like 2024-10-07T22:00Z')
  .transform((s) => {
    const m = UTC_MINUTE.exec(s)!;
    return Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
    );
  });

const intervalSchema = z.object({ start: utcMinuteSchema, end: utcMinuteSchema });

export const resolutionMinutes = { PT15M: 15, PT60M: 60 } as const;

const pointSchema = z.object({
  position: z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, 'position must be a positive integer')
    .transform(Number),
  'price.amount': z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, 'price.amount must be a decimal number'),
});

const periodSchema = z.object({
  timeInterval: intervalSchema,
  resolution: z.enum(['PT15M', 'PT60M'], { error: 'only PT15M and PT60M resolutions are supported' }),
  Point: z.array(pointSchema).default([]),
});

const timeSeriesSchema = z.object({
  mRID: z.string().optional(),
  'in_Domain.mRID': z.string().trim().optional(),
  'out_Domain.mRID': z.string().trim().optional(),
  'currency_Unit.name': z.literal('EUR', { error: 'only EUR prices are supported' }),
  'price_Measure_Unit.name': z.literal('MWH', { error: 'only prices per MWH are supported' }),
  // A01 = every position present; A03 = repeated values omitted (variable-sized blocks).
  curveType: z.enum(['A01', 'A03']).default('A01'),
  Period: z.array(periodSchema).default([]),
});

export const publicationDocumentSchema = z.object({
  mRID: z.string().optional(),
  revisionNumber: z.string().optional(),
  type: z.string(),
  createdDateTime: z.string().optional(),
  'period.timeInterval': intervalSchema,
  TimeSeries: z.array(timeSeriesSchema).default([]),
});

export const acknowledgementDocumentSchema = z.object({
  mRID: z.string().optional(),
  createdDateTime: z.string().optional(),
  Reason: z.array(z.object({ code: z.string().trim(), text: z.string().trim().default('') })).min(1),
});

export interface PricePoint {
  position: number;
  /** The price exactly as written, €/MWh. */
  amount: string;
}

export interface PricePeriod {
  start: number;
  end: number;
  minutes: 15 | 60;
  /** The points as sent (with A03, repeated prices are absent). */
  points: PricePoint[];
}

export interface PriceSeries {
  mRID: string | undefined;
  inDomain: string | undefined;
  outDomain: string | undefined;
  curveType: 'A01' | 'A03';
  periods: PricePeriod[];
}

export interface PublicationDocument {
  kind: 'publication';
  mRID: string | undefined;
  type: string;
  createdDateTime: string | undefined;
  start: number;
  end: number;
  series: PriceSeries[];
}

export interface AcknowledgementReason {
  code: string;
  text: string;
}

export interface AcknowledgementDocument {
  kind: 'acknowledgement';
  mRID: string | undefined;
  reasons: AcknowledgementReason[];
}

export type MarketDocument = PublicationDocument | AcknowledgementDocument;

/** ENTSO-E's reason code for "No matching data found" (also used for some other refusals; the text tells). */
export const NO_DATA_REASON_CODE = '999';

/** True for the acknowledgement that means "there is nothing (yet) for this query", which is not an error. */
export function isNoDataAcknowledgement(doc: AcknowledgementDocument): boolean {
  return doc.reasons.some((r) => r.code === NO_DATA_REASON_CODE && /no matching data/i.test(r.text));
}
