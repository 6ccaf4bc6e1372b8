import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type AddressClass, classifyAddress } from './address-guard';

// Fetching a feed: only http(s), only to addresses the source may reach, at most a few redirects
// (each checked again), a time limit and a size limit, with a conditional request.
//
// node:http with a `lookup` hook instead of fetch(): the hook sees the addresses the socket will
// really connect to, so a host that resolves to a public address when checked and to 127.0.0.1
// a moment later (DNS rebinding) cannot slip through; fetch() offers no such hook without an
// extra HTTP client. Literal IP hosts skip the lookup and are checked before the request.

export const FEED_MAX_BYTES = 2 * 1024 * 1024;
export const FEED_TIMEOUT_MS = 15_000;
export const FEED_MAX_REDIRECTS = 3;

export type FeedErrorCode =
  | 'bad_url'
  | 'address_refused'
  | 'dns_failed'
  | 'network'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_status'
  | 'not_a_feed';

/** A poll that failed; `code` and `params` are for the web app's message, `message` in English. */
export class FeedFetchError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

export type FetchOptions = {
  allowPrivateNetwork: boolean;
  etag?: string | null;
  lastModified?: string | null;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
};

export type FetchOutcome =
  | { kind: 'not_modified' }
  | { kind: 'ok'; body: string; etag: string | null; lastModified: string | null; url: string };

function refused(host: string, address: string, kind: AddressClass): FeedFetchError {
  const what = host === address ? address : `${host} is ${address}, which`;
  return new FeedFetchError(
    'address_refused',
    `${what} is a ${kind.replace('_', '-')} address; only an admin's allowance for this source lets it be fetched`,
    { host, address, kind },
  );
}

/** A URL a feed may be fetched from: http or https, no other scheme. */
export function parseFeedUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/** A DNS lookup that fails for hosts resolving to addresses the source may not reach. */
function guardedLookup(allowPrivateNetwork: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      if (!allowPrivateNetwork) {
        // Any refused address refuses the host: a name may resolve to a public and a private one.
        for (const { address } of addresses) {
          const kind = classifyAddress(address);
          if (kind) {
            callback(refused(hostname, address, kind), '', 0);
            return;
          }
        }
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function decode(bytes: Buffer, contentType: string | undefined): string {
  const declared =
    /charset="?([\w-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Fetches a feed. 304 → `not_modified`. Throws FeedFetchError for a refused address, a failed
 * connection, the time or size limit, too many redirects or an HTTP error status.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? FEED_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let current = parseFeedUrl(url);
  if (!current) throw new FeedFetchError('bad_url', 'The URL is not an http or https URL', { url });
  for (let redirects = 0; ; redirects += 1) {
    const response = await requestOnce(current, options, deadline, timeoutMs);
    if (response.kind === 'redirect') {
      if (redirects >= (options.maxRedirects ?? FEED_MAX_REDIRECTS))
        throw new FeedFetchError('too_many_redirects', `More than ${FEED_MAX_REDIRECTS} redirects`, {
          max: FEED_MAX_REDIRECTS,
        });
      const next = parseFeedUrl(new URL(response.location, current).toString());
      if (!next)
        throw new FeedFetchError('bad_url', 'A redirect led to a URL that is not http or https', {
          url: response.location,
        });
      current = next;
      continue;
    }
    return response.kind === 'not_modified' ? response : { ...response, url: current.toString() };
  }
}

type Single =
  | { kind: 'redirect'; location: string }
  | { kind: 'not_modified' }
  | { kind: 'ok'; body: string; etag: string | null; lastModified: string | null };

function requestOnce(url: URL, options: FetchOptions, deadline: number, timeoutMs: number): Promise<Single> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivateNetwork) {
    const kind = classifyAddress(host);
    if (kind) return Promise.reject(refused(host, host, kind));
  }
  const maxBytes = options.maxBytes ?? FEED_MAX_BYTES;
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5',
    'accept-encoding': 'identity',
    'user-agent': options.userAgent ?? 'channeldesk-feed-monitor/1',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const requestOptions: RequestOptions = {
    method: 'GET',
    headers,
    lookup: guardedLookup(options.allowPrivateNetwork),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<Single>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, value?: Single) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value!);
    };
    const request = send(url, requestOptions, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && response.headers.location) {
        response.resume();
        finish(null, { kind: 'redirect', location: response.headers.location });
        return;
      }
      if (status === 304) {
        response.resume();
        finish(null, { kind: 'not_modified' });
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        finish(new FeedFetchError('http_status', `The server answered HTTP ${status}`, { status }));
        return;
      }
      const tooLarge = () =>
        new FeedFetchError('too_large', `The feed is larger than ${maxBytes} bytes`, { maxBytes });
      const announced = Number(response.headers['content-length'] ?? Number.NaN);
      if (announced > maxBytes) {
        request.destroy();
        finish(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Stops reading as soon as the limit is passed, whatever the server announced.
        if (size > maxBytes) {
          request.destroy();
          finish(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        finish(null, {
          kind: 'ok',
          body: decode(Buffer.concat(chunks), response.headers['content-type']),
          etag: response.headers.etag ?? null,
          lastModified: response.headers['last-modified'] ?? null,
        }),
      );
      response.on('error', (error) => finish(networkError(error)));
    });
    const timer = setTimeout(
      () => {
        finish(
          new FeedFetchError('timeout', `No complete answer within ${timeoutMs / 1000} s`, {
            seconds: timeoutMs / 1000,
          }),
        );
        request.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    request.on('error', (error) => finish(networkError(error)));
    request.end();
  });
}

function networkError(error: Error): FeedFetchError {
  if (error instanceof FeedFetchError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new FeedFetchError('dns_failed', `The host name could not be resolved (${code})`, {
      reason: code,
    });
  return new FeedFetchError('network', `The connection failed: ${code ?? error.message}`, {
    reason: code ?? error.message,
  });
}
