/** What the Fluvius mandate and import services offer to routes, tRPC, the worker and tests. */
export {
  MANDATE_FILTER_STATUSES,
  MANDATE_SORTS,
  MandateService,
  mandateIdInput,
  mandateLinkInput,
  mandateListInput,
  mandateReturnInput,
  mandateSiteInput,
  mandateStartInput,
} from './mandates';
export {
  defaultMandateSettings,
  type FluviusAccess,
  fluviusEnv,
  type MandateFluvius,
  type MandateSettings,
  mandateFluviusFromEnv,
} from './mandates-fluvius';
export {
  CSV_MAX_BYTES,
  type CsvFile,
  CsvImportService,
  type CsvPreviewDay,
  csvSiteInput,
  csvUploadInput,
  quartersOf,
} from './mandates-import';
export type { MandateEvent } from './mandates-notify';
export { FLUVIUS_JOB_RETRY, MandateSync, type MandateSyncDeps, type SyncResult } from './mandates-sync';
export { displayStatus, type MandateDisplayStatus, type MandateView } from './mandates-view';
