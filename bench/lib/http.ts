// Small HTTP helpers for the cases benchmark: logins, tokens, timed sequential GETs and SSE clients.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';

export type Login = { cookie: string; csrfToken: string };

export async function login(baseUrl: string, email: string, password: string): Promise<Login> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 200)
    throw new Error(`login as ${email} failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .find((pair) => pair.startsWith('cd_session='));
  const { csrfToken } = (await response.json()) as { csrfToken?: string };
  if (!cookie || !csrfToken) throw new Error('login answered without cd_session cookie or csrfToken');
  return { cookie, csrfToken };
}

export async function createApiToken(baseUrl: string, session: Login): Promise<string> {
  const created = await fetch(`${baseUrl}/api/api-tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
    },
    body: JSON.stringify({ name: 'bench-cases', scopes: ['read', 'write'] }),
    signal: AbortSignal.timeout(15_000),
  });
  if (created.status !== 201)
    throw new Error(`creating the API token failed: HTTP ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token?: string };
  if (!token) throw new Error('POST /api/api-tokens answered without a token');
  return token;
}

/** Headers for a credential: an API token (Bearer) or a session cookie. */
export type Credential = { kind: 'token'; token: string } | { kind: 'session'; session: Login };
export function authHeaders(credential: Credential): Record<string, string> {
  return credential.kind === 'token'
    ? { authorization: `Bearer ${credential.token}` }
    : { cookie: credential.session.cookie, 'x-csrf-token': credential.session.csrfToken };
}

/** One GET, timed from send to the last body byte; throws on a non-2xx answer. */
export async function timedGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as unknown };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export type Stats = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };
export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
}

/** An SSE client on node:http: calls onEvent with the event name, parsed data and arrival time. */
export type SseClient = { ready: Promise<void>; close(): void; errors: string[] };
export function openSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: string, data: unknown, at: number) => void,
): SseClient {
  const errors: string[] = [];
  let response: IncomingMessage | undefined;
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const req = httpRequest(
    url,
    { headers: { ...headers, accept: 'text/event-stream' }, agent: false },
    (res) => {
      response = res;
      if (res.statusCode !== 200) {
        rejectReady(new Error(`SSE ${url} answered HTTP ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const frame = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length > 0) {
            if (event === 'ready') resolveReady();
            else onEvent(event, JSON.parse(data.join('\n')) as unknown, at);
          }
          boundary = buffer.indexOf('\n\n');
        }
      });
      res.on('error', (error) => errors.push(error.message));
    },
  );
  req.on('error', (error) => {
    errors.push(error.message);
    rejectReady(error);
  });
  req.end();
  return {
    ready,
    errors,
    close: () => {
      response?.destroy();
      req.destroy();
    },
  };
}
