import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';

/**
 * How long a page's streamed parts may take before the server gives up on them. Remix's default is 5 s, which a year
 * of quarters billed a dozen times (the contract comparison) passes on a busy server: the part then failed in the
 * browser, and a crawler (or a headless browser, which isbot counts as one) got the whole page as a 500.
 */
const STREAM_TIMEOUT_MS = 30_000;

/**
 * Remix's own server entry (renders the page, streams what the loaders defer), with a longer stream timeout. Crawlers
 * get the page whole, once every part is there; browsers get the shell at once and the parts as they come.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const whole = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set('Content-Type', 'text/html');
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={STREAM_TIMEOUT_MS} />,
      {
        ...(whole ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // errors of the shell reject and are logged by Remix; a streamed part's only here
          if (shellRendered) loadContext.logger.error({ err: error }, 'streamed part failed');
        },
      },
    );
    setTimeout(abort, STREAM_TIMEOUT_MS + 1000);
  });
}
