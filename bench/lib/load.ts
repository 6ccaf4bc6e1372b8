import autocannon from 'autocannon';

/** One HTTP request shape to fire at a server; `body` is called per request so bodies can differ. */
export type LoadTarget = {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: () => string;
};

export type Measurement = {
  connections: number;
  durationSeconds: number;
  requestsTotal: number;
  /** Mean of autocannon's per-second samples, all status codes included. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
};

function options(target: LoadTarget, connections: number, durationSeconds: number): autocannon.Options {
  const makeBody = target.body;
  return {
    url: target.url,
    connections,
    duration: durationSeconds,
    pipelining: 1,
    timeout: 10,
    method: target.method,
    headers: target.headers,
    // Without a fresh body per request every POST would create the same organisation name. The key
    // must be absent (not undefined) for GETs: autocannon would call the undefined setupRequest.
    ...(makeBody ? { requests: [{ setupRequest: (request) => ({ ...request, body: makeBody() }) }] } : {}),
  };
}

async function fire(
  target: LoadTarget,
  connections: number,
  durationSeconds: number,
): Promise<autocannon.Result> {
  return autocannon(options(target, connections, durationSeconds));
}

/**
 * Warms the server up (JIT, SQLite page cache, connection set-up) and discards that run, then
 * measures for durationSeconds.
 */
export async function measure(
  target: LoadTarget,
  connections: number,
  durationSeconds: number,
  warmupSeconds: number,
): Promise<Measurement & { warmupNon2xx: number; warmupErrors: number }> {
  const warmup = warmupSeconds > 0 ? await fire(target, connections, warmupSeconds) : undefined;
  const result = await fire(target, connections, durationSeconds);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  return {
    connections,
    durationSeconds: result.duration,
    requestsTotal: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    warmupNon2xx: warmup?.non2xx ?? 0,
    warmupErrors: warmup?.errors ?? 0,
  };
}
