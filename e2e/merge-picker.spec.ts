import { expect, test } from '@playwright/test';
import { apiSession, logIn, pageSettled, SCREENSHOTS, saveLanguage, shoot } from './support';

// An agent merges a duplicate: the case that stays is found by typing its short number, shown
// before anything happens, and a case of another customer is refused before any confirmation.

const AGENT = 'agent@printwerk.example';
const DIR = `${SCREENSHOTS}/merge-picker`;

/** "CD-2026-000063" → "63", as an agent would type it. */
const shortNumber = (number: string) => String(Number(number.split('-').at(-1)));

test('agent: picks the merge target by its short number, sees it, is refused another customer’s case, merges', async ({
  page,
}) => {
  // Three screenshots in two languages on two devices, each checked by axe.
  test.setTimeout(180_000);
  const { api, csrf } = await apiSession(AGENT);
  const customers = (await (await api.get('/api/organisations', { params: { kind: 'customer' } })).json())
    .items as { id: string; name: string }[];
  const sommer = customers.find((c) => c.name.startsWith('Bäckerei Sommer'));
  const other = customers.find((c) => !c.name.startsWith('Bäckerei Sommer'));
  expect(sommer && other).toBeTruthy();
  const open = async (customerId: string, subject: string) => {
    const created = await api.post('/api/cases', {
      headers: { 'x-csrf-token': csrf },
      data: { type: 'fault', subject, customerId, description: 'Die Kasse startet nicht mehr.' },
    });
    expect(created.status(), await created.text()).toBe(201);
    return (await created.json()) as { id: string; number: string };
  };
  const keep = await open(sommer?.id ?? '', 'Kasse startet nicht');
  const duplicate = await open(sommer?.id ?? '', 'Kasse geht nicht an (nochmal gemeldet)');
  const foreign = await open(other?.id ?? '', 'Kasse startet nicht (anderer Kunde)');
  await api.dispose();

  await logIn(page, AGENT, `/cases/${duplicate.number}`);
  const dialog = page.getByRole('dialog');
  // The dialog would close on the header's language switch, so each language opens it anew.
  for (const language of ['de', 'en'] as const) {
    await saveLanguage(page, language);
    await page.goto(`/cases/${duplicate.number}`);
    await pageSettled(page);
    // The merge sits at the case's title, not at the foot of the side panels.
    await page.getByTestId('merge-action').click();
    await dialog.getByTestId('merge-search').fill(shortNumber(keep.number));
    const firstMatch = dialog.getByTestId('merge-match').first();
    await expect(firstMatch).toContainText(keep.number);
    await expect(firstMatch).toContainText('Kasse startet nicht');
    await expect(firstMatch).toContainText(sommer?.name ?? '');
    await shoot(page, { dir: DIR, name: 'matches', language, fullPage: 'desktop' });
    await firstMatch.click();
    const preview = dialog.getByTestId('merge-preview');
    await expect(preview).toContainText(keep.number);
    await expect(preview).toContainText(sommer?.name ?? '');
    await expect(preview).toContainText(language === 'de' ? 'Zuletzt aktiv' : 'Last activity');
    await expect(dialog.getByTestId('merge-continue')).toBeEnabled();
    await shoot(page, { dir: DIR, name: 'preview', language, fullPage: 'desktop' });

    // Another customer's case: the reason shows and there is nothing to confirm.
    await dialog.getByTestId('merge-back').click();
    await dialog.getByTestId('merge-search').fill(shortNumber(foreign.number));
    await dialog.getByTestId('merge-match').filter({ hasText: foreign.number }).click();
    await expect(dialog.getByTestId('merge-refusal')).toContainText(
      language === 'de' ? 'anderen Kunden' : 'another customer',
    );
    await expect(dialog.getByTestId('merge-continue')).toBeDisabled();
    await shoot(page, { dir: DIR, name: 'refused', language, fullPage: 'desktop' });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }

  // Back to the right case, confirm, and the page follows to the case that stays.
  await page.getByTestId('merge-action').click();
  await dialog.getByTestId('merge-search').fill(shortNumber(keep.number));
  await dialog.getByTestId('merge-match').filter({ hasText: keep.number }).click();
  await dialog.getByTestId('merge-continue').click();
  await expect(dialog).toContainText(`${duplicate.number} will be merged into ${keep.number}`);
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${keep.number}$`));
  await expect(page.getByText(`${duplicate.number} merged into ${keep.number}`).first()).toBeVisible();
});
