import type { SessionResponse } from './api-types';

/** One field-level problem from an RFC 9457 problem+json body. */
export type FieldProblem = { field: string; message: string };

type ProblemBody = {
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  code?: unknown;
  errors?: unknown;
  requestId?: unknown;
};

/** Any non-2xx answer (or a network failure, status 0) from the API. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly errors: FieldProblem[];
  readonly requestId: string | undefined;
  /** The whole problem body: some problems carry more members (a refused direct offer names `partner`). */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    title: string;
    detail?: string | undefined;
    code?: string | undefined;
    errors?: FieldProblem[];
    requestId?: string | undefined;
    body?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.body = init.body ?? {};
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

// The CSRF token comes with the login and session answers and must accompany every
// cookie-authenticated request that changes something.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Why the last session ended, when the server said (its problem code, e.g. organisation_inactive),
// so the login page can tell the user instead of only showing the form again. Kept until the next
// successful login: a reload of the login page asks the server again anyway.
let sessionEndCode: string | null = null;
const sessionEndListeners = new Set<() => void>();

function setSessionEndCode(code: string | null): void {
  if (code === sessionEndCode) return;
  sessionEndCode = code;
  for (const listener of sessionEndListeners) listener();
}

/** The problem code of the 401 that ended the session, null when none was given or after a login. */
export function sessionEndReason(): string | null {
  return sessionEndCode;
}

/** For useSyncExternalStore: the reason can arrive just after the login page is shown. */
export function subscribeSessionEndReason(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

let unauthorizedHandler: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** The app replaces the default full-page redirect with a router navigation. */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

// A 401 from these is an answer for the form that asked, not an expired session.
const NO_REDIRECT_ON_401 = ['/api/auth/session', '/api/auth/login', '/api/auth/password-reset/'];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  method?: Method;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal | undefined;
};

export function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

async function readProblem(response: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    const text = await response.text();
    if (text !== '') body = JSON.parse(text) as ProblemBody;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): keep the status line only.
  }
  const errors = Array.isArray(body.errors)
    ? body.errors.flatMap((e: unknown) => {
        if (typeof e !== 'object' || e === null) return [];
        const { field, message } = e as { field?: unknown; message?: unknown };
        return [{ field: String(field ?? ''), message: String(message ?? '') }];
      })
    : [];
  return new ApiError({
    status: response.status,
    title: typeof body.title === 'string' ? body.title : response.statusText || `HTTP ${response.status}`,
    detail: typeof body.detail === 'string' && body.detail !== '' ? body.detail : undefined,
    code: typeof body.code === 'string' ? body.code : undefined,
    errors,
    requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
    body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
  });
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, title: 'Network error' });
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && !NO_REDIRECT_ON_401.some((prefix) => path.startsWith(prefix))) {
      // Several requests fail at once; one whose body could not be read (cancelled as the app
      // leaves the page) must not erase the reason another one gave.
      setSessionEndCode(problem.code ?? sessionEndCode);
      unauthorizedHandler();
    }
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/** Uploads a file as the raw request body (no multipart), as the attachment endpoint expects. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'content-type': file.type !== '' ? file.type : 'application/octet-stream',
  };
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError({ status: 0, title: 'Network error' });
  }
  if (!response.ok) throw await readProblem(response);
  return (await response.json()) as T;
}

/** The current session, or null when nobody is logged in. */
export async function fetchSession(): Promise<SessionResponse | null> {
  try {
    const session = await api.get<SessionResponse>('/api/auth/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      // A visitor without a session is answered `unauthenticated`; a deactivated organisation's
      // session says so, also after a reload.
      setSessionEndCode(error.code ?? null);
      return null;
    }
    throw error;
  }
}

export async function login(email: string, password: string): Promise<SessionResponse> {
  const session = await api.post<SessionResponse>('/api/auth/login', { email, password });
  setCsrfToken(session.csrfToken);
  setSessionEndCode(null);
  return session;
}
