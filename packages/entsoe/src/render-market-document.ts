import { formatEntsoeInstant } from './render-instant';

// Writers for the two ENTSO-E documents the local server answers with, in the same shape and namespaces as the real
// API (see fixtures/).

const PUBLICATION_NS = 'urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3';
const ACKNOWLEDGEMENT_NS = 'urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0';

export interface RenderPeriod {
  start: number;
  end: number;
  minutes: 15 | 60;
  /** Points as they go on the wire (with A03 repeated prices already left out). */
  points: { position: number; amount: string }[];
}

export interface RenderPublication {
  mRID: string;
  createdAt: number;
  start: number;
  end: number;
  eic: string;
  /** One TimeSeries per entry. */
  series: RenderPeriod[][];
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** ENTSO-E style amount: up to 2 decimals, no trailing zeros (`100`, `74.6`, `-0.01`). */
export function formatAmount(eurPerMwh: number): string {
  return String(Math.round(eurPerMwh * 100) / 100);
}

/** A03 points for a list of prices: position 1 always, then only where the price changes. */
export function compressA03(prices: readonly number[]): { position: number; amount: string }[] {
  const points: { position: number; amount: string }[] = [];
  let previous: string | undefined;
  prices.forEach((price, i) => {
    const amount = formatAmount(price);
    if (amount !== previous) points.push({ position: i + 1, amount });
    previous = amount;
  });
  return points;
}

function renderPeriod(p: RenderPeriod): string {
  const points = p.points
    .map(
      (pt) => `
              <Point>
                <position>${pt.position}</position>
                 <price.amount>${pt.amount}</price.amount>
              </Point>`,
    )
    .join('');
  return `
          <Period>
            <timeInterval>
              <start>${formatEntsoeInstant(p.start)}</start>
              <end>${formatEntsoeInstant(p.end)}</end>
            </timeInterval>
            <resolution>PT${p.minutes}M</resolution>${points}
          </Period>`;
}

export function renderPublicationDocument(doc: RenderPublication): string {
  const series = doc.series
    .map(
      (periods, i) => `
      <TimeSeries>
        <mRID>${i + 1}</mRID>
        <auction.type>A01</auction.type>
        <businessType>A62</businessType>
        <in_Domain.mRID codingScheme="A01">${escapeXml(doc.eic)}</in_Domain.mRID>
        <out_Domain.mRID codingScheme="A01">${escapeXml(doc.eic)}</out_Domain.mRID>
        <contract_MarketAgreement.type>A01</contract_MarketAgreement.type>
        <currency_Unit.name>EUR</currency_Unit.name>
        <price_Measure_Unit.name>MWH</price_Measure_Unit.name>
        <curveType>A03</curveType>${periods.map(renderPeriod).join('')}
      </TimeSeries>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
  <Publication_MarketDocument xmlns="${PUBLICATION_NS}">
    <mRID>${escapeXml(doc.mRID)}</mRID>
    <revisionNumber>1</revisionNumber>
    <type>A44</type>
    <sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
    <sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
    <receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</receiver_MarketParticipant.mRID>
    <receiver_MarketParticipant.marketRole.type>A33</receiver_MarketParticipant.marketRole.type>
    <createdDateTime>${new Date(doc.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</createdDateTime>
    <period.timeInterval>
      <start>${formatEntsoeInstant(doc.start)}</start>
      <end>${formatEntsoeInstant(doc.end)}</end>
    </period.timeInterval>${series}
  </Publication_MarketDocument>
`;
}

export interface RenderAcknowledgement {
  mRID: string;
  createdAt: number;
  reasonCode: string;
  text: string;
}

export function renderAcknowledgementDocument(doc: RenderAcknowledgement): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Acknowledgement_MarketDocument xmlns="${ACKNOWLEDGEMENT_NS}">
  <mRID>${escapeXml(doc.mRID)}</mRID>
  <createdDateTime>${new Date(doc.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</createdDateTime>
  <sender_MarketParticipant.mRID codingScheme="A01">10X1001A1001A450</sender_MarketParticipant.mRID>
  <sender_MarketParticipant.marketRole.type>A32</sender_MarketParticipant.marketRole.type>
  <receiver_MarketParticipant.mRID codingScheme="A01">10X1001A1001B54W</receiver_MarketParticipant.mRID>
  <receiver_MarketParticipant.marketRole.type>A39</receiver_MarketParticipant.marketRole.type>
  <received_MarketDocument.createdDateTime>${new Date(doc.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</received_MarketDocument.createdDateTime>
  <Reason>
    <code>${escapeXml(doc.reasonCode)}</code>
    <text>${escapeXml(doc.text)}</text>
  </Reason>
</Acknowledgement_MarketDocument>
`;
}
