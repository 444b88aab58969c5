import type { Logger } from '@ilumen/logger';
import { isAppError, type LiveSnapshot, liveForPermissions, type Services } from '@ilumen/services';
import type { Request, Response } from 'express';
import { translateAppError } from '../app/server/errors';
import type { LiveHub } from './live-hub';
import { buildRequestContext } from './request-context';

export interface LiveStreamOptions {
  services: Services;
  hub: LiveHub;
  logger: Logger;
  publicUrl: string;
  /**
   * How often the access behind an open stream is decided again (session, the person, their memberships, the site);
   * the stream ends at the first check that no longer grants what it was opened with.
   */
  accessCheckMs?: number;
  heartbeatMs?: number;
}

/** Access is decided again this often by default: a revoked person stops seeing a site within seconds (decision 081). */
export const LIVE_ACCESS_CHECK_MS = 5_000;

/** Why a stream ended, as its last event says; the browser closes the stream on the first two and reconnects on the last. */
export type LiveEnd =
  /** The session is gone: logged out, expired, the person deactivated, an embed link's time up. */
  | 'session-ended'
  /** The session lives but no longer reaches this site: membership or role removed, organization deactivated. */
  | 'access-ended'
  /** Still allowed, but to see more or less of it (all data ↔ chargers only): reconnect to get the new cut. */
  | 'access-changed';

/**
 * `GET /api/live/:siteId`: server-sent events with a site's live values as they arrive, for someone allowed to see
 * that site (all of it, or only its chargers). It starts with the latest values. Access is decided again every few
 * seconds with the same rules as at the start, and the stream ends with an event naming why (`LiveEnd`) as soon as
 * that decision differs.
 */
export function liveStreamHandler(options: LiveStreamOptions) {
  const deps = { services: options.services, logger: options.logger, publicUrl: options.publicUrl };
  return async (req: Request, res: Response) => {
    const ctx = await buildRequestContext(deps, req, res);
    let access: Awaited<ReturnType<Services['live']['authorize']>>;
    try {
      access = await options.services.live.authorize(ctx.actor, { siteId: req.params.siteId });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const t = translateAppError(error, ctx.locale);
      res.status(t.status).json({ error: t.message });
      return;
    }
    let closed = false;
    let stopListening: (() => Promise<void>) | null = null;
    let heartbeat: NodeJS.Timeout | undefined;
    let accessCheck: NodeJS.Timeout | undefined;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(accessCheck);
      void stopListening?.();
      res.end();
    };
    // Before any await below: a browser that leaves early must not leave a listener behind.
    req.on('close', finish);

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 5000\n\n');
    const send = (event: string, data: unknown) => {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const end = (event: LiveEnd) => {
      send(event, { siteId: access.siteId });
      finish();
    };
    // Listen first, then send the latest values, so nothing published in between is missed.
    const unlisten = await options.hub.listen(access.channel, (message) => {
      const snapshot = JSON.parse(message) as LiveSnapshot;
      send('live', liveForPermissions(snapshot, access.fullData));
    });
    if (closed) return void unlisten();
    stopListening = unlisten;
    send('live', await options.services.live.latest(ctx.actor, { siteId: access.siteId }));

    heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
    const sessionId = ctx.actor.type === 'user' ? ctx.actor.sessionId : null;
    const decideAgain = async (): Promise<LiveEnd | null> => {
      const { actor } = await options.services.auth.resolveSession(sessionId, {
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      if (!actor) return 'session-ended';
      try {
        const now = await options.services.live.authorize(actor, { siteId: access.siteId });
        return now.fullData === access.fullData ? null : 'access-changed';
      } catch (error) {
        if (isAppError(error)) return 'access-ended';
        throw error;
      }
    };
    // One check at a time (a slow database must not pile them up), the next one planned when this one is done.
    const plan = () => {
      accessCheck = setTimeout(async () => {
        const ended = await decideAgain().catch((error: unknown) => {
          // When access cannot be decided it is not granted: the browser reconnects and is decided afresh.
          options.logger.warn({ err: error, site_id: access.siteId }, 'live stream access check failed');
          return 'access-changed' as const;
        });
        if (closed) return;
        if (ended) end(ended);
        else plan();
      }, options.accessCheckMs ?? LIVE_ACCESS_CHECK_MS);
    };
    plan();
  };
}
