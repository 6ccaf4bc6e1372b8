import type { IncomingMessage } from 'node:http';
import { newId } from '../shared/ids';

// Short, printable and free of anything a log line or a support ticket could trip over.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id of a request, for logs, problem documents and the audit log. A reverse proxy's
 * `x-request-id` is taken only when TRUST_PROXY says a proxy is there and the value is well-formed;
 * anything else, such as a client making up ids to muddle the logs, gets a fresh one.
 */
export function requestIdFor(header: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && typeof header === 'string' && WELL_FORMED.test(header)) return header;
  return newId();
}

export function requestIdGenerator(trustProxy: boolean): (request: IncomingMessage) => string {
  return (request) => requestIdFor(request.headers['x-request-id'], trustProxy);
}
