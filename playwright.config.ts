import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { BASE_URL, SERVER_PORT, SMTP_PORT } from './e2e/ports';

// The e2e run starts the real server on a fresh data directory, so the demo data is seeded
// anew every time. Chromium is Debian's (/usr/bin/chromium); Playwright downloads nothing.
// Workers load this file again with their own pid, so the runner's choice travels in the
// environment (the password-reset test reads the server's outgoing mail from it).
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `channeldesk-e2e-${process.pid}`);
const dataDir = process.env.E2E_DATA_DIR;

const serverEnv: Record<string, string> = {
  PORT: String(SERVER_PORT),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  // The built-in SMTP listener, so the mail journey can deliver a mail the way an MTA would.
  MAIL_SMTP_PORT: String(SMTP_PORT),
};
if (process.env.E2E_DATABASE_URL !== undefined) serverEnv.DATABASE_URL = process.env.E2E_DATABASE_URL;

export default defineConfig({
  testDir: 'e2e',
  // Two runs side by side each clean their own output directory, not the other's.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  workers: 1,
  // A journey shoots each page on two devices in two languages with an accessibility check each;
  // with two runs sharing two cores (npm test's shards), 30 s and 5 s are too short for that.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: 'node bin/channeldesk.mjs serve',
    url: `http://127.0.0.1:${SERVER_PORT}/api/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: serverEnv,
  },
});
