import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import { expireCommands } from '../../ingest/command-sink';

export function expireCommandsJob(deps: { db: Db; logger: Logger; now?: () => Date }) {
  return async () => {
    const n = await expireCommands(deps.db, (deps.now ?? (() => new Date()))());
    if (n > 0) deps.logger.info({ commands: n }, 'expired unanswered commands');
    return { expired: n };
  };
}
