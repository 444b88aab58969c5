import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

/** Who the demo's sign-in providers know: the login typed on the provider's page, and what it vouches for. */
export const DEMO_IDP_ACCOUNTS = {
  jan: { email: 'jan.peeters@example.be', email_verified: true, name: 'Jan Peeters' },
  sara: { email: 'partner@example.be', email_verified: true, name: 'Sara Peeters' },
  nieuw: { email: 'nieuwe.klant@example.be', email_verified: true, name: 'Nieuwe Klant' },
} as const;
type Login = keyof typeof DEMO_IDP_ACCOUNTS;

export interface DemoIdp {
  /** The portal's OAUTH_* variables for Google, Apple and Facebook, pointing at this provider. */
  env: Record<string, string>;
  url: string;
  close(): Promise<void>;
}

/**
 * Sign-in with Google, Apple and Facebook in the demo (decision 011), without their accounts: one local OpenID
 * provider (oidc-provider, as the tests use) stands in for Google and Apple, each with a client of its own (Apple
 * answers with a form post, as Apple does); its login page takes a login from DEMO_IDP_ACCOUNTS and any password.
 * Facebook speaks plain OAuth 2.0 with a profile endpoint, which oidc-provider does not: a few routes on the same
 * port play it, with a page that lists the accounts to choose from. Demo credentials only.
 */
export async function startDemoIdp(options: { port: number; publicUrl: string }): Promise<DemoIdp> {
  // on the portal's host name, so Apple's form post back to the portal is same-site and keeps its flow cookie on http
  const issuer = `${new URL(options.publicUrl).protocol}//${new URL(options.publicUrl).hostname}:${options.port}`;
  const callback = (p: string) => `${options.publicUrl.replace(/\/$/, '')}/auth/${p}/callback`;
  const secret = (p: string) => `demo-${p}-secret-${randomBytes(12).toString('hex')}`;
  const secrets = { google: secret('google'), apple: secret('apple'), facebook: secret('facebook') };
  const provider = new Provider(issuer, {
    clients: (['google', 'apple'] as const).map((p) => ({
      client_id: `ilumen-demo-${p}`,
      client_secret: secrets[p],
      redirect_uris: [callback(p)],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    async findAccount(_ctx: unknown, id: string) {
      const account = DEMO_IDP_ACCOUNTS[id as Login];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], name: ['name'] },
    scopes: ['openid', 'email', 'profile', 'name'],
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
  });

  // Facebook: authorization page, token endpoint, profile.
  const codes = new Map<string, Login>();
  const tokens = new Map<string, Login>();
  const facebook = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/facebook/dialog') {
      const redirect = url.searchParams.get('redirect_uri');
      if (url.searchParams.get('client_id') !== 'ilumen-demo-facebook' || redirect !== callback('facebook')) {
        res.writeHead(400).end('unknown client or redirect_uri');
        return true;
      }
      const choose = url.searchParams.get('login') as Login | null;
      if (choose && DEMO_IDP_ACCOUNTS[choose]) {
        const code = randomBytes(16).toString('hex');
        codes.set(code, choose);
        const back = new URL(redirect);
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { location: back.toString() }).end();
        return true;
      }
      const buttons = Object.entries(DEMO_IDP_ACCOUNTS)
        .map(([login, a]) => {
          const next = new URL(url);
          next.searchParams.set('login', login);
          return `<p><a href="${escapeHtml(next.pathname + next.search)}">Continue as ${escapeHtml(a.name)} (${escapeHtml(a.email)})</a></p>`;
        })
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>Facebook (demo)</title><h1>Facebook (demo)</h1><p>iLumen asks for your name and e-mail address.</p>${buttons}`,
      );
      return true;
    }
    if (url.pathname === '/facebook/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const basic = Buffer.from(
          (req.headers.authorization ?? '').replace(/^Basic /, ''),
          'base64',
        ).toString();
        const login = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!login || basic !== `ilumen-demo-facebook:${secrets.facebook}`) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
          return;
        }
        const token = randomBytes(16).toString('hex');
        tokens.set(token, login);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 }));
      });
      return true;
    }
    if (url.pathname === '/facebook/me') {
      const login = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!login) {
        res.writeHead(401).end();
        return true;
      }
      const a = DEMO_IDP_ACCOUNTS[login];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `fb-${login}`, name: a.name, email: a.email }));
      return true;
    }
    return false;
  };
  const oidc = provider.callback();
  const server: Server = createServer((req, res) => {
    if (!facebook(req, res)) void oidc(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', () => resolve()));
  return {
    url: issuer,
    env: {
      OAUTH_GOOGLE_CLIENT_ID: 'ilumen-demo-google',
      OAUTH_GOOGLE_CLIENT_SECRET: secrets.google,
      OAUTH_GOOGLE_ISSUER: issuer,
      OAUTH_APPLE_CLIENT_ID: 'ilumen-demo-apple',
      OAUTH_APPLE_CLIENT_SECRET: secrets.apple,
      OAUTH_APPLE_ISSUER: issuer,
      OAUTH_FACEBOOK_CLIENT_ID: 'ilumen-demo-facebook',
      OAUTH_FACEBOOK_CLIENT_SECRET: secrets.facebook,
      OAUTH_FACEBOOK_AUTHORIZATION_URL: `${issuer}/facebook/dialog`,
      OAUTH_FACEBOOK_TOKEN_URL: `${issuer}/facebook/token`,
      OAUTH_FACEBOOK_USERINFO_URL: `${issuer}/facebook/me`,
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
