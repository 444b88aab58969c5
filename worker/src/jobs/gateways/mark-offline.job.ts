import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import { markSilentGatewaysOffline } from '../../ingest/state-sink';

/** Marks gateways offline that sent nothing for `silentMs` (a lost connection does not always leave a last will). */
export function markOfflineJob(deps: { db: Db; logger: Logger; silentMs: number; now?: () => Date }) {
  return async () => {
    const n = await markSilentGatewaysOffline(deps.db, (deps.now ?? (() => new Date()))(), deps.silentMs);
    if (n > 0) deps.logger.info({ gateways: n }, 'marked silent gateways offline');
    return { markedOffline: n };
  };
}
