// The ports of the server a browser run starts. Two runs side by side (the CI's two shards) each
// set their own, so neither server nor SMTP listener collides with the other.
export const SERVER_PORT = Number(process.env.E2E_PORT ?? 3100);
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2525);
export const BASE_URL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${SERVER_PORT}`;
