import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@ilumen/db';
import type { JobPayload } from '@ilumen/jobs';
import { UnrecoverableError } from '@ilumen/jobs';
import type { Logger } from '@ilumen/logger';
import type { Mailer } from '@ilumen/mail';
import { exportFileName, loadChargeExport, markExport, writeChargeSessionsCsv } from '@ilumen/services';

export interface ChargeSessionsJobDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  now?: () => Date;
  /** Where the file is written while it is mailed; default the system's temporary directory. */
  tmpDir?: string;
}

/**
 * One charge-session export: the CSV is streamed from the database into a temporary file (constant memory, whatever
 * its size), mailed with it as an attachment — the mail says what period and scope it covers — and the export is
 * marked sent. A failed SMTP delivery is retried by BullMQ (the file is made again); an export that no longer exists
 * or whose person is gone is given up.
 */
export function chargeSessionsExportJob(deps: ChargeSessionsJobDeps) {
  return async (
    payload: JobPayload<'exports', 'chargeSessions'>,
    job: { id?: string; attemptsMade?: number; opts?: { attempts?: number } },
  ) => {
    const loaded = await loadChargeExport(deps.db, payload.exportId);
    if (!loaded) throw new UnrecoverableError(`charge export ${payload.exportId} does not exist`);
    const { row, user, params } = loaded;
    if (row.status === 'sent') return { rows: row.row_count, skipped: 'already sent' };
    if (!user.active) {
      await markExport(deps.db, row.id, {
        status: 'failed',
        error: 'the person who asked for it is no longer active',
      });
      throw new UnrecoverableError(`charge export ${row.id}: user ${row.user_id} is not active`);
    }
    const dir = await mkdtemp(join(deps.tmpDir ?? tmpdir(), 'ilumen-export-'));
    const file = join(dir, exportFileName(row));
    try {
      const { rows, bytes } = await writeChargeSessionsCsv(deps.db, row, createWriteStream(file));
      const size = (await stat(file)).size;
      if (size !== bytes) throw new Error(`export ${row.id}: wrote ${bytes} bytes, the file has ${size}`);
      const { messageId } = await deps.mailer.sendTemplate(
        {
          template: 'charge-sessions',
          to: user.email,
          locale: row.locale,
          params: { ...params, count: rows },
        },
        [
          {
            filename: exportFileName(row),
            content: createReadStream(file),
            contentType: 'text/csv; charset=utf-8',
          },
        ],
      );
      await markExport(deps.db, row.id, { status: 'sent', rows, at: (deps.now ?? (() => new Date()))() });
      deps.logger.info(
        { job: job.id, export_id: row.id, scope: row.scope, rows, bytes, message_id: messageId },
        'charge sessions mailed',
      );
      return { rows, bytes };
    } catch (err) {
      const last = (job.attemptsMade ?? 0) + 1 >= (job.opts?.attempts ?? 1);
      if (last) await markExport(deps.db, row.id, { status: 'failed', error: (err as Error).message });
      throw err;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
