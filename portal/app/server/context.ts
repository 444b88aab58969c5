import type { Locale } from '@ilumen/i18n';
import type { Logger } from '@ilumen/logger';
import type { Actor, Services } from '@ilumen/services';

/** What every loader, action and tRPC procedure receives: the services and who is asking. */
export interface RequestContext {
  services: Services;
  actor: Actor;
  locale: Locale;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  publicUrl: string;
  logger: Logger;
}

declare module '@remix-run/server-runtime' {
  interface AppLoadContext extends RequestContext {
    /** The message namespaces the page's routes declare (decision 171); the root loader sends only these. */
    messageNamespaces: string[];
  }
}
