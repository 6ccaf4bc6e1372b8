import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// A demo user no other test logs in as, so changing the password disturbs nothing.
const EMAIL = 'technik@nordwest-it.example';
const NEW_PASSWORD = 'neues-passwort-2026';

/** Decodes a quoted-printable mail body (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The reset link from the newest mail to `to` in the server's mail-out directory. */
async function resetLink(mailDir: string, to: string): Promise<string | undefined> {
  const files = (await readdir(mailDir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const mail = await readFile(path.join(mailDir, file), 'utf8');
    if (!mail.includes(`To: ${to}`)) continue;
    const match = decodeQuotedPrintable(mail).match(/https?:\/\/\S+\/reset-password\?token=\S+/);
    if (match) return match[0];
  }
  return undefined;
}

test('a user sets a new password through the emailed link', async ({ page }) => {
  const dataDir = process.env.E2E_DATA_DIR;
  test.skip(
    dataDir === undefined || process.env.E2E_BASE_URL !== undefined,
    'needs the server started by Playwright',
  );
  const mailDir = path.join(dataDir!, 'mail-out');

  await page.goto('/forgot-password');
  await page.getByLabel(/^E-Mail-Adresse/).fill(EMAIL);
  await page.getByRole('button', { name: 'Link anfordern' }).click();
  await expect(page.getByText('Wenn die Adresse bei uns bekannt ist')).toBeVisible();

  let link: string | undefined;
  await expect(async () => {
    link = await resetLink(mailDir, EMAIL);
    expect(link).toBeDefined();
  }).toPass({ timeout: 15_000 });
  const url = new URL(link!);

  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByRole('heading', { name: 'Neues Passwort festlegen' })).toBeVisible();
  await page.getByLabel(/^Neues Passwort \*?$/).fill('kurz');
  await page.getByLabel(/^Neues Passwort wiederholen/).fill('kurz');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByText('mindestens 10 Zeichen lang')).toBeVisible();

  await page.getByLabel(/^Neues Passwort \*?$/).fill(NEW_PASSWORD);
  await page.getByLabel(/^Neues Passwort wiederholen/).fill(`${NEW_PASSWORD}x`);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByText('stimmen nicht überein')).toBeVisible();

  await page.getByLabel(/^Neues Passwort wiederholen/).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByText('Ihr neues Passwort ist gespeichert')).toBeVisible();

  // The link is single-use.
  await page.goto(`${url.pathname}${url.search}`);
  await page.getByLabel(/^Neues Passwort \*?$/).fill(NEW_PASSWORD);
  await page.getByLabel(/^Neues Passwort wiederholen/).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('alert')).toContainText('Passwort konnte nicht geändert werden');

  await page.getByRole('link', { name: 'Zurück zur Anmeldung' }).click();
  await page.getByLabel(/^E-Mail-Adresse/).fill(EMAIL);
  await page.getByLabel(/^Passwort/).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
});

test('an expired session sends the user back to the login, and then to where they were', async ({ page }) => {
  // The demo agent prefers English: after login the UI follows the user's saved language.
  const logInAsAgent = async () => {
    await page.getByLabel(/^(E-Mail-Adresse|Email address)/).fill('agent@printwerk.example');
    await page.getByLabel(/^(Passwort|Password)/).fill('channeldesk-demo');
    await page.getByRole('button', { name: /^(Anmelden|Log in)$/ }).click();
  };
  await page.goto('/login');
  await logInAsAgent();
  await page.getByRole('navigation').getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // End every session of this user behind the page's back (as from another device).
  const session = await page.request.get('/api/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const logoutAll = await page.request.post('/api/auth/logout-all', {
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(logoutAll.status()).toBe(204);

  // The next API call answers 401 and the app shows the login instead of an error.
  await page.getByRole('searchbox', { name: 'Search' }).fill('Sommer');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await logInAsAgent();
  await expect(page).toHaveURL(/\/organisations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
});
