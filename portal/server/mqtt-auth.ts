import { timingSafeEqual } from 'node:crypto';
import { authorizeTopic, verifyBrokerPassword } from '@ilumen/broker';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';

/**
 * The broker asks the platform (EMQX's HTTP authentication and authorization, docs/broker.md): a gateway's login
 * holds when it matches the hash its last claim stored and it is not revoked; a platform user's when it matches the
 * hash the operator configured; every topic is checked against the same rules as Mosquitto's (`authorizeTopic`).
 * Only the broker calls it, with a shared bearer token; answers are EMQX's `{"result": "allow" | "deny"}`.
 */
export interface MqttAuthOptions {
  token: string;
  /** broker username → `$7$` hash, for the platform's own processes (MQTT_AUTH_USERS). */
  platformLogins: ReadonlyMap<string, string>;
  gateways: { authenticateGateway(username: string, password: string): Promise<boolean> };
}

const authnBody = z.object({
  username: z.string().max(128),
  password: z.string().max(256),
  clientid: z.string().max(128).optional(),
});
const authzBody = z.object({
  username: z.string().max(128),
  action: z.enum(['publish', 'subscribe']),
  topic: z.string().min(1).max(512),
  clientid: z.string().max(128).optional(),
});

function bearerMatches(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `user:$7$…` entries separated by whitespace or commas (MQTT_AUTH_USERS). */
export function parsePlatformLogins(value: string | undefined): Map<string, string> {
  const logins = new Map<string, string>();
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const colon = entry.indexOf(':');
    if (colon > 0) logins.set(entry.slice(0, colon), entry.slice(colon + 1));
  }
  return logins;
}

export function mqttAuthRouter(options: MqttAuthOptions): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));
  router.use((req, res, next) => {
    if (bearerMatches(req, options.token)) next();
    else res.status(401).json({ result: 'deny' });
  });
  router.post('/mqtt/authn', async (req, res, next) => {
    const body = authnBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ result: 'deny' });
    try {
      const { username, password } = body.data;
      const platformHash = options.platformLogins.get(username);
      const ok = platformHash
        ? verifyBrokerPassword(password, platformHash)
        : await options.gateways.authenticateGateway(username, password);
      res.json({ result: ok ? 'allow' : 'deny', is_superuser: false });
    } catch (error) {
      next(error);
    }
  });
  router.post('/mqtt/authz', (req, res) => {
    const body = authzBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ result: 'deny' });
    const { username, action, topic } = body.data;
    res.json({ result: authorizeTopic(username, action, topic) ? 'allow' : 'deny' });
  });
  return router;
}
