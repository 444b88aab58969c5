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
  /** How often the session behind a stream is checked again; the stream ends when it is gone. */
  sessionCheckMs?: number;
  heartbeatMs?: number;
}

/**
 * `GET /api/live/:siteId`: server-sent events with a site's live values as they arrive, for someone allowed to see
 * that site (all of it, or only its chargers). It starts with the latest values, and ends with a `session-ended`
 * event when the user's session ends (logout, expiry, deactivation).
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
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 5000\n\n');
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // Listen first, then send the latest values, so nothing published in between is missed.
    let closed = false;
    const stopListening = await options.hub.listen(access.channel, (message) => {
      const snapshot = JSON.parse(message) as LiveSnapshot;
      send('live', liveForPermissions(snapshot, access.fullData));
    });
    const latest = await options.services.live.latest(ctx.actor, { siteId: access.siteId });
    send('live', latest);

    const heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
    const sessionId = ctx.actor.type === 'user' ? ctx.actor.sessionId : null;
    const sessionCheck = setInterval(async () => {
      const { actor } = await options.services.auth
        .resolveSession(sessionId, { ip: ctx.ip, requestId: ctx.requestId })
        .catch(() => ({ actor: null }));
      if (!actor) {
        send('session-ended', { reason: 'session' });
        finish();
      }
    }, options.sessionCheckMs ?? 15_000);

    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearInterval(sessionCheck);
      void stopListening();
      res.end();
    };
    req.on('close', finish);
  };
}
