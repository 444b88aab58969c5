/**
 * Redis keys shared by the ingest (which writes them) and the console (which reads them): refused messages per
 * gateway, when each site last sent live values and P1 values, and the channel that tells the ingest a gateway moved.
 */
export function gatewayKeys(prefix: string) {
  return {
    refusedTotal: `${prefix}:ingest:refused:total`,
    /** The last refused messages of one gateway (a list, newest first). */
    refused: (serial: string) => `${prefix}:ingest:refused:gw:${serial}`,
    refusedUnknown: `${prefix}:ingest:refused:unknown`,
    /** Sorted set: gateway serial → when it last had a message refused (ms), so the alarms need not scan every list. */
    refusedRecent: `${prefix}:ingest:refused:recent`,
    /** Sorted set: site id → when its last live message arrived (ms). */
    liveSeen: `${prefix}:ingest:live-seen`,
    /** Sorted set: site id → when its last live message with P1 (grid) values arrived (ms). */
    p1Seen: `${prefix}:ingest:p1-seen`,
    /** Pub/sub: a gateway's serial whose site or registration changed; the ingest forgets what it cached about it. */
    changed: `${prefix}:gateways:changed`,
    /** Failed claim attempts per serial (throttling). */
    claimFailures: (serial: string) => `${prefix}:gateways:claim-fail:${serial}`,
  };
}

/** How many refused messages per gateway the support desk can read back. */
export const KEEP_REFUSED = 50;

/** A refused message as the ingest keeps it. */
export interface RefusedMessage {
  at: string;
  topic: string;
  reason: string;
  sample: string;
}
