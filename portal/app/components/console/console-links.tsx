import { Anchor, type AnchorProps, Text } from '@mantine/core';
import { Link, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { loader } from '~/routes/console';

export type ConsoleLinkTarget = 'alarm' | 'site';

/**
 * Which console pages this person's links may lead to (`policy.consoleLinks`, the rule those pages' loaders apply),
 * from the console layout: a page shows a link to an alarm or a site only where it opens.
 */
export function useConsoleLinks(): Record<ConsoleLinkTarget, boolean> {
  return useRouteLoaderData<typeof loader>('routes/console')?.links ?? { alarm: false, site: false };
}

/** A link to an alarm's or a site's console page when the reader may open it, else the same words as plain text. */
export function ConsoleLink({
  target,
  to,
  children,
  ...props
}: { target: ConsoleLinkTarget; to: string; children: ReactNode } & AnchorProps) {
  const links = useConsoleLinks();
  if (!links[target])
    return (
      <Text component="span" inherit {...props}>
        {children}
      </Text>
    );
  return (
    <Anchor component={Link} to={to} {...props}>
      {children}
    </Anchor>
  );
}
