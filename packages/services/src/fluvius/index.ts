/** What the Fluvius mandate and import services offer to routes, tRPC, the worker and tests. */

export {
  defaultMandateSettings,
  type FluviusAccess,
  type MandateFluvius,
  type MandateSettings,
  mandateFluvius,
} from './access';
export {
  CSV_MAX_BYTES,
  type CsvFile,
  CsvImportService,
  type CsvPreviewDay,
  csvSiteInput,
  csvUploadInput,
  quartersOf,
} from './csv-import';
export { displayStatus, type MandateDisplayStatus, type MandateView } from './mandate-view';
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
export type { MandateEvent } from './notify';
export { FLUVIUS_JOB_RETRY, MandateSync, type MandateSyncDeps, type SyncResult } from './sync';
