import { Agent, type Dispatcher, request } from 'undici';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  timeoutMs: number;
  maxConnections: number;
  /** PEM key and certificate presented when the server asks for a TLS client certificate. */
  tlsClientCertificate?: { key: string; cert: string };
  /** Use this dispatcher instead of a private pool (then `close` leaves it open: it is the caller's). */
  dispatcher?: Dispatcher;
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** undici with a keep-alive pool; timeouts surface as thrown errors, which the retry loop treats like 408. */
export function createUndiciTransport(options: TransportOptions): HttpTransport {
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.maxConnections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.tlsClientCertificate ? { connect: { ...options.tlsClientCertificate } } : {}),
    });

  return {
    async send(req) {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        // undici's own timeouts tick once a second; the signal makes short timeouts exact and bounds the whole exchange.
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = await response.body.text();
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
