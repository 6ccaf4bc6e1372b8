import { expect, type Page, test } from '@playwright/test';
import { apiSession, logIn, PHONE, pageSettled, SCREENSHOTS, saveLanguage, shootBoth } from './support';

// An agent records a case that came in on site: the channel, the customer's contact person and the
// priority go with it and stand in the case's header. On a phone the customer's case list shows
// status and date per case, and the case page puts commitments and decisions before the history.

const AGENT = 'agent@printwerk.example';
const CUSTOMER = 'buero@baeckerei-sommer.example';
const DIR = `${SCREENSHOTS}/new-case-agent`;

/** The vertical position of an element's top on the page as it is laid out now. */
async function topOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  return box?.y ?? 0;
}

test('agent: channel, contact person and priority on a new case; the customer reads it on a phone', async ({
  page,
}) => {
  await logIn(page, AGENT, '/cases/new');
  await page.getByRole('radio', { name: /^Request/ }).click();
  const contact = page.getByRole('textbox', { name: 'Contact person' });
  await expect(contact).toBeDisabled();
  await page.getByRole('textbox', { name: 'Customer' }).fill('Bäckerei Sommer');
  await page.getByRole('option', { name: /Bäckerei Sommer GmbH/ }).click();
  await expect(contact).toBeEnabled();
  await contact.click();
  await page.getByRole('option', { name: 'Marion Sommer' }).click();
  await page.getByTestId('new-case-channel').getByRole('radio', { name: 'on site' }).check();
  await page.getByRole('textbox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: 'High' }).click();
  await page.getByRole('textbox', { name: /^Subject/ }).fill('Kassendrucker druckt keine Bons');
  await page.getByRole('textbox', { name: /^Topic/ }).fill('Kassendrucker');
  await page.getByRole('textbox', { name: /^Description/ }).fill('Beim Besuch in der Filiale gemeldet.');
  await shootBoth(page, { dir: DIR, name: 'new-case-form', fitsPhone: true }, async (language) => {
    await expect(page.getByTestId('new-case-channel')).toContainText(
      language === 'de' ? 'Vor Ort' : 'on site',
    );
  });
  // shootBoth ends in German.
  await page.getByRole('button', { name: 'Fall eröffnen' }).click();
  await expect(page).toHaveURL(/\/cases\/CD-/);
  await pageSettled(page);
  const number = page.url().split('/cases/')[1] ?? '';
  const header = page.getByTestId('case-header');
  await expect(header).toContainText('Hoch');
  await expect(header).toContainText('über Vor Ort');
  await expect(header).toContainText('Kontakt: Marion Sommer');

  // Something promised and decided, so the phone layout has both to show.
  const agent = await apiSession(AGENT);
  const headers = { 'x-csrf-token': agent.csrf };
  const promised = await agent.api.post(`/api/cases/${number}/commitments`, {
    headers,
    data: { description: 'Techniker kommt vorbei', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(promised.status(), await promised.text()).toBe(201);
  const decided = await agent.api.post(`/api/cases/${number}/decisions`, {
    headers,
    data: { outcome: 'granted', policy: 'Kulanz bei Stammkunden' },
  });
  expect(decided.status(), await decided.text()).toBe(201);
  await page.reload();
  await pageSettled(page);
  await shootBoth(page, { dir: DIR, name: 'agent-case', fullPage: 'desktop' }, async (language) => {
    await expect(page.getByTestId('case-header')).toContainText(
      language === 'de' ? 'über Vor Ort' : 'via on site',
    );
  });
  await saveLanguage(page, 'en');

  // The customer confirms the topic the agent wrote down.
  const customer = await apiSession(CUSTOMER);
  const confirmed = await customer.api.post(`/api/cases/${number}/facts/topic/state`, {
    headers: { 'x-csrf-token': customer.csrf },
    data: { state: 'confirmed' },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(204);

  // The customer on a phone: status and date under each case in the list.
  await logIn(page, CUSTOMER, '/cases');
  await page.setViewportSize(PHONE);
  await pageSettled(page);
  const row = page.getByRole('row').filter({ hasText: 'Kassendrucker druckt keine Bons' });
  await expect(row.getByTestId('case-row-status')).toBeVisible();
  await expect(row.getByTestId('case-row-status')).toContainText(/\d/);
  await shootBoth(
    page,
    { dir: DIR, name: 'customer-list', fitsPhone: true, fullPage: 'desktop' },
    async () => {
      await expect(row).toBeVisible();
    },
  );

  // The case on a phone: commitments and decisions before the history; on a desktop beside it.
  await page.goto(`/cases/${number}`);
  await pageSettled(page);
  await page.setViewportSize(PHONE);
  await expect(page.locator('#decisions-heading')).toBeVisible();
  // The page rearranges on the render after the resize; wait for it rather than read the old layout.
  await expect(async () => {
    expect(await topOf(page, '#commitments-heading')).toBeLessThan(await topOf(page, '#timeline-heading'));
    expect(await topOf(page, '#decisions-heading')).toBeLessThan(await topOf(page, '#timeline-heading'));
  }).toPass({ timeout: 10_000 });
  await shootBoth(page, { dir: DIR, name: 'customer-case', fitsPhone: true }, async () => {
    await expect(page.locator('#decisions-heading')).toBeVisible();
  });
  const history = await page.locator('#timeline-heading').boundingBox();
  const decisions = await page.locator('#decisions-heading').boundingBox();
  expect(decisions?.x ?? 0).toBeGreaterThan((history?.x ?? 0) + (history?.width ?? 0));
});
