import type { MessageKey } from '@ilumen/i18n';
import type { MetaDescriptor } from '@remix-run/node';

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>;

/**
 * A page's browser title in the reader's language ("Alarmen · iLumen", "Alarms · iLumen"), from the catalog the root
 * loader sends; `before` puts the thing the page is about in front ("Kerkstraat 1 · Probleemoplossing · iLumen").
 */
export function pageTitle(
  matches: Matches,
  key: MessageKey,
  options: { before?: string; brand?: 'iLumen' | 'iLusmart' } = {},
): MetaDescriptor {
  const root = matches.find((m) => m?.id === 'root')?.data as
    | { messages?: Record<string, string> }
    | undefined;
  const text = root?.messages?.[key] ?? key;
  return { title: [options.before, text, options.brand ?? 'iLumen'].filter(Boolean).join(' · ') };
}

/** Pages reached from a link in a mail carry a token: the browser must not pass it on to anyone. */
export const noReferrer: MetaDescriptor = { name: 'referrer', content: 'no-referrer' };
