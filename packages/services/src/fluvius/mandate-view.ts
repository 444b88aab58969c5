import type { MandateRow, MandateState } from '@ilumen/db';
import { brusselsLocalDate } from '@ilumen/fluvius/time';
import { formatAddress } from '../sites/address';

/** What a person sees of a mandate: our status (with "linked" told apart), the address, the sync's progress. */
export type MandateDisplayStatus = MandateState | 'linked';

export interface MandateView {
  id: number;
  reference: string;
  origin: 'home' | 'console';
  ean: string;
  status: MandateDisplayStatus;
  fluviusStatus: string | null;
  renewalStatus: string | null;
  siteId: number | null;
  address: string | null;
  requestedAt: Date;
  /** Brussels day the mandate ends. */
  endsOn: string | null;
  /** Mijn Fluvius, while the request can still be confirmed there. */
  consentUrl: string | null;
  syncedThrough: string | null;
  historyFrom: string | null;
  /** The backfill has every day from here up to the link. */
  backfillBefore: string | null;
  backfillDone: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The actor may link it, cancel it, ask Fluvius again (what exactly depends on the status). */
  canAct: boolean;
}

export type MandateWithSite = MandateRow & {
  street: string | null;
  house_number: string | null;
  postal_code: string | null;
  city: string | null;
};

export function displayStatus(row: Pick<MandateRow, 'status' | 'linked_at'>): MandateDisplayStatus {
  return row.status === 'approved' && row.linked_at ? 'linked' : row.status;
}

export function toMandateView(row: MandateWithSite, now: Date, canAct: boolean): MandateView {
  const address =
    row.street && row.house_number && row.postal_code && row.city
      ? formatAddress({
          street: row.street,
          house_number: row.house_number,
          postal_code: row.postal_code,
          city: row.city,
        })
      : null;
  const consentOpen =
    row.status === 'pending' &&
    row.return_result === null &&
    row.consent_url &&
    row.consent_valid_to &&
    row.consent_valid_to > now;
  return {
    id: row.id,
    reference: row.reference_number,
    origin: row.origin,
    ean: row.ean,
    status: displayStatus(row),
    fluviusStatus: row.fluvius_status,
    renewalStatus: row.renewal_status,
    siteId: row.site_id,
    address,
    requestedAt: row.created_at,
    endsOn: row.expires_at ? brusselsLocalDate(row.expires_at) : null,
    consentUrl: consentOpen ? row.consent_url : null,
    syncedThrough: row.synced_through,
    historyFrom: row.history_from,
    backfillBefore: row.backfill_before,
    backfillDone: row.backfill_done_at !== null,
    lastSyncAt: row.last_sync_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    canAct,
  };
}
