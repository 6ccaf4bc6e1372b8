import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every page the server hands out (the web app and the API docs):
 * scripts only from our own files, nothing inline, no plugins, never inside another site's frame.
 *
 * - style-src needs 'unsafe-inline': Mantine writes its theme variables and responsive style
 *   props as <style> elements and style attributes at run time (tried: without it the browser
 *   blocks them and the pages lose their layout). Styles cannot run code; the usual trade-off.
 * - img-src allows http(s) images because an agent may choose to show a mail's remote images;
 *   they stay held back until then (see mail-html.ts).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
} as const;

/** Security headers on every response (helmet): CSP, nosniff, Referrer-Policy, framing, HSTS on https. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean },
): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...Object.fromEntries(
          Object.entries(CONTENT_SECURITY_POLICY).map(([name, values]) => [name, [...values]]),
        ),
        // Only where the site is served over https; on http it would send the browser to a port nobody serves.
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: options.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    // The app loads nothing from other origins, and mails' remote images are not CORS requests.
    crossOriginEmbedderPolicy: false,
  });
}
