import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FeedRoute = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 serving feeds; routes can be set and changed while it runs. */
export type FeedServer = {
  url(path: string): string;
  route(path: string, handler: FeedRoute): void;
  /** Requests received per path, with their conditional headers. */
  requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[];
  close(): Promise<void>;
};

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    requests.push({
      path,
      ifNoneMatch: request.headers['if-none-match'],
      ifModifiedSince: request.headers['if-modified-since'],
    });
    const handler = routes.get(path);
    if (!handler) {
      response.writeHead(404).end('not found');
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => routes.set(path, handler),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with an ETag; answers 304 when the client sends it back (unless `etag` is null). */
export function serveFeed(
  body: () => string,
  options: { etag?: string | null; type?: string } = {},
): FeedRoute {
  return (request, response) => {
    const etag = options.etag === undefined ? '"v1"' : options.etag;
    if (etag && request.headers['if-none-match'] === etag) {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, {
      'content-type': options.type ?? 'application/rss+xml; charset=utf-8',
      ...(etag ? { etag } : {}),
    });
    response.end(body());
  };
}

/** An RSS 2.0 document of the given items. */
export function rssFeed(
  items: { guid: string; title: string; body: string; link?: string; author?: string }[],
): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Testblog</title><link>https://blog.example/</link><description>t</description>
${items
  .map(
    (item) =>
      `<item><title>${esc(item.title)}</title><guid isPermaLink="false">${esc(item.guid)}</guid>${
        item.link ? `<link>${esc(item.link)}</link>` : ''
      }${item.author ? `<dc:creator>${esc(item.author)}</dc:creator>` : ''}<pubDate>Sat, 05 Dec 2026 10:15:00 +0100</pubDate><description>${esc(item.body)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}
