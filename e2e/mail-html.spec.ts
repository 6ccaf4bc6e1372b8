import { expect, type Locator, type Page, test } from '@playwright/test';
import nodemailer from 'nodemailer';
import { expectAccessible, logIn, pageSettled, SCREENSHOTS, SMTP_PORT } from './support';

// An HTML mail with a picture of the printer's display (an inline cid: image) and a remote logo
// arrives over SMTP. The agent sees the mail as HTML with the picture in place, the logo held back
// behind a placeholder until asked for; the customer who wrote it sees the same in German.

const REMOTE_LOGO = 'https://bilder.baeckerei-sommer.example/logo.png';
// 160×100: a printer display showing "52".
const DISPLAY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAKAAAABkCAIAAACO1KzYAAABAElEQVR42u3dwQmAMAxA0Q7RcXLw2JE6YsdyhxBolAf/bsi7SBUd8Sz9uGEFgAVYgAVYgAVYgAELsAALsAALsLLA+2w1DzBgwIAFWIAFWIAFGDBgwDeBZ8x0PS8EGDBgwIABAwbcD7jJKgEDBgwYMGDApgIMGDBgwIABAwYM2FElYMCAAQMGDBhwtwqBvXQHGDBgwIABAwYMGDBgwIABAwYM2FElYMCAAQMGDBiwb3S4ixZgARZgAQYMGDBgwAKsjwHLj7EEWIAFWIAFGLAAV3Qi0pkZsJkBA7YswIABAwYMGDBgwGYGDNiyAAMGDBgwYI8LBViAAdsCYAEWYAFWeS9hZnIYrNFZ3gAAAABJRU5ErkJggg==',
  'base64',
);

/** Width the browser decoded for an image; 0 while it is missing or broken. */
const naturalWidth = (image: Locator) => image.evaluate((img: HTMLImageElement) => img.naturalWidth);

/** Counts the requests for the remote logo and answers them with a picture, as its server would. */
async function serveRemoteLogo(page: Page): Promise<{ requests: number }> {
  const seen = { requests: 0 };
  await page.route(`${REMOTE_LOGO}*`, async (route) => {
    seen.requests++;
    await route.fulfill({ status: 200, contentType: 'image/png', body: DISPLAY_PNG });
  });
  return seen;
}

/** Content-Security-Policy violations the page reports from now on. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('an HTML mail shows as HTML with its inline picture; remote images wait until asked for', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(
    process.env.E2E_BASE_URL !== undefined,
    'needs the SMTP listener of the server Playwright starts',
  );
  const subject = `Display zeigt Fehler 52 (${Date.now()})`;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: SMTP_PORT,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from: 'Marion Sommer <buero@baeckerei-sommer.example>',
    to: 'service@printwerk.example',
    subject,
    text: 'Unser Drucker zeigt Fehler 52. Foto anbei.',
    html:
      '<p>Guten Morgen,</p><p>unser Drucker zeigt seit heute <b>Fehler 52</b>. So sieht das Display aus:</p>' +
      '<p><img src="cid:display.52@baeckerei-sommer.example" alt="Foto vom Display"></p>' +
      `<p>Viele Grüße<br>Marion Sommer<br><img src="${REMOTE_LOGO}" alt="Logo Bäckerei Sommer" width="80"></p>` +
      '<script>window.mailScriptRan = true</script><img src="x" onerror="window.mailScriptRan = true">' +
      '<div style="position:fixed;inset:0;background:red">Überlagerung</div>',
    attachments: [
      { filename: 'display.png', content: DISPLAY_PNG, cid: 'display.52@baeckerei-sommer.example' },
      { filename: 'rechnung-2026-0042.txt', content: 'Rechnung 2026-0042' },
    ],
  });
  transport.close();

  // The agent (English) finds the new case from the mail list.
  const violations = cspViolations(page);
  const agentLogo = await serveRemoteLogo(page);
  await page.setViewportSize({ width: 1366, height: 900 });
  await logIn(page, 'agent@printwerk.example');
  await page.goto('/mail');
  await pageSettled(page);
  const received = page.getByRole('radiogroup', { name: 'Which email' }).getByText('Received');
  await received.click();
  const row = page.getByRole('row').filter({ hasText: subject });
  await expect(async () => {
    await page.reload();
    await received.click();
    await expect(row.getByRole('link', { name: /^CD-/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const caseNumber = (await row.getByRole('link', { name: /^CD-/ }).textContent())!.trim();
  await row.getByRole('link', { name: /^CD-/ }).click();
  await pageSettled(page);

  // The HTML, with the picture from the stored attachment; nothing of the mail runs or overlays.
  const message = page.locator('.cd-message').filter({ hasText: 'So sieht das Display aus' });
  await expect(message.locator('b', { hasText: 'Fehler 52' })).toBeVisible();
  const display = message.getByRole('img', { name: 'Foto vom Display' });
  await expect(display).toHaveAttribute('src', /^\/api\/cases\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}$/);
  await expect.poll(() => naturalWidth(display)).toBe(160);
  await expect(message.getByRole('link', { name: /rechnung-2026-0042\.txt/ })).toBeVisible();
  await expect(message.getByRole('link', { name: /display\.png/ })).toHaveCount(0);
  expect(await page.evaluate(() => (window as { mailScriptRan?: boolean }).mailScriptRan)).toBeUndefined();
  await expect(message.getByText('Überlagerung')).not.toHaveCSS('position', 'fixed');

  // The logo is a placeholder, and nothing has asked its server for it.
  const logo = message.getByRole('img', { name: 'Logo Bäckerei Sommer' });
  await expect(logo).toHaveAttribute('src', /^data:image\/svg\+xml,/);
  await expect(message.getByText('A remote image was held back')).toBeVisible();
  expect(agentLogo.requests).toBe(0);
  await message.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/mail/html-mail-en.png`, fullPage: true });
  await expectAccessible(page, 'case with an HTML mail');

  // Asked for: loaded, once.
  await message.getByRole('button', { name: 'Show remote image' }).click();
  await expect(logo).toHaveAttribute('src', REMOTE_LOGO);
  await expect.poll(() => naturalWidth(logo)).toBeGreaterThan(0);
  expect(agentLogo.requests).toBe(1);
  await expect(message.getByRole('button', { name: 'Show remote image' })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/mail/html-mail-remote-images-en.png`, fullPage: true });
  expect(violations).toEqual([]);

  // The customer who wrote it sees the same mail in German, the logo again held back.
  const customerContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1366, height: 900 },
  });
  const customerPage = await customerContext.newPage();
  const customerViolations = cspViolations(customerPage);
  const customerLogo = await serveRemoteLogo(customerPage);
  await logIn(customerPage, 'buero@baeckerei-sommer.example');
  await customerPage.goto(`/cases/${caseNumber}`);
  await pageSettled(customerPage);
  const own = customerPage.locator('.cd-message').filter({ hasText: 'So sieht das Display aus' });
  await expect(own.locator('b', { hasText: 'Fehler 52' })).toBeVisible();
  await expect.poll(() => naturalWidth(own.getByRole('img', { name: 'Foto vom Display' }))).toBe(160);
  await expect(own.getByText('Ein externes Bild wurde zurückgehalten')).toBeVisible();
  await expect(own.getByRole('button', { name: 'Externes Bild anzeigen' })).toBeVisible();
  expect(customerLogo.requests).toBe(0);
  await own.scrollIntoViewIfNeeded();
  await customerPage.screenshot({ path: `${SCREENSHOTS}/mail/html-mail-de.png`, fullPage: true });
  await expectAccessible(customerPage, 'customer case with an HTML mail');
  expect(customerViolations).toEqual([]);
  await customerContext.close();
});
