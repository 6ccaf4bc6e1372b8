import { expect, type Page, test } from '@playwright/test';
import { apiSession, logIn, SCREENSHOTS, shootBoth } from './support';

// The lists an operator admin keeps in the web app rather than the API: causes, text modules and
// SLA policies with their business-hours calendars. What would change later journeys is undone:
// the new cause and text module are deactivated, the SLA target is set back.

const SHOTS = `${SCREENSHOTS}/admin-catalogs`;
const ADMIN = 'admin@printwerk.example';

/** Sets the demo's Standard policy back to its first-response target, whatever the journey did. */
async function restoreStandardPolicy(): Promise<void> {
  const { api, csrf } = await apiSession(ADMIN);
  const policies = (await (await api.get('/api/sla-policies')).json()).items as {
    id: string;
    name: string;
  }[];
  const standard = policies.find((p) => p.name === 'Standard');
  if (standard) {
    const saved = await api.patch(`/api/sla-policies/${standard.id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { firstResponseMinutes: 240 },
    });
    expect(saved.status(), await saved.text()).toBe(200);
  }
  await api.dispose();
}

test('an operator admin adds a cause, renames it in both languages and deactivates it', async ({ page }) => {
  await logIn(page, ADMIN, '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Ursachen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ursachen' })).toBeVisible();
  const add = page.getByRole('region', { name: 'Ursache oder Kategorie hinzufügen' });
  // Too short a name is refused at its field.
  await add.getByLabel('Name (Deutsch)').fill('Netzteil defekt');
  await add.getByLabel('Name (Englisch)').fill('P');
  await add.getByRole('button', { name: 'Hinzufügen' }).click();
  await expect(add.getByText('Netzteil defekt')).toHaveCount(0);
  await expect(add.locator('.mantine-TextInput-error')).toHaveCount(1);
  await add.getByLabel('Name (Englisch)').fill('Power supply faulty');
  await add.getByRole('button', { name: 'Hinzufügen' }).click();
  await expect(page.getByText('Power supply faulty')).toBeVisible();

  await page.getByRole('button', { name: 'Netzteil defekt / Power supply faulty umbenennen' }).click();
  await page.getByLabel('Name (Englisch)').last().fill('Power supply unit faulty');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText('Power supply unit faulty')).toBeVisible();
  await shootBoth(page, { dir: SHOTS, name: 'causes', fitsPhone: true });

  await page.getByRole('button', { name: 'Netzteil defekt / Power supply unit faulty deaktivieren' }).click();
  await expect(
    page.getByRole('button', { name: 'Netzteil defekt / Power supply unit faulty aktivieren' }),
  ).toBeVisible();
});

test('an operator admin creates and edits a text module with placeholders, deactivates, reactivates and deletes it', async ({
  page,
}) => {
  await logIn(page, ADMIN, '/settings/text-modules');
  const form = page.getByRole('region', { name: 'Neuer Textbaustein' });
  await expect(form.getByText('{{customer.name}}')).toBeVisible();
  await form.getByLabel('Titel').fill('Rückruf vereinbart');
  await form
    .getByRole('textbox', { name: 'Text' })
    .fill('Guten Tag {{contact.name}}, wir rufen Sie zu Fall {{case.number}} morgen zurück.');
  await form.getByRole('button', { name: 'Anlegen' }).click();
  const card = page.getByRole('article', { name: 'Rückruf vereinbart' });
  await expect(card).toContainText('wir rufen Sie zu Fall {{case.number}} morgen zurück');

  await card.getByRole('button', { name: 'Rückruf vereinbart bearbeiten' }).click();
  await card
    .getByRole('textbox', { name: 'Text' })
    .fill('Guten Tag {{contact.name}}, wir rufen Sie heute zurück.');
  await card.getByRole('button', { name: 'Speichern' }).click();
  await expect(card).toContainText('wir rufen Sie heute zurück');

  // Deactivated, it stays on the page, marked, to be activated again.
  await card.getByRole('button', { name: 'Rückruf vereinbart deaktivieren' }).click();
  await expect(card.getByText('Inaktiv', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Rückruf vereinbart aktivieren' }).click();
  await expect(card.getByText('Inaktiv', { exact: true })).toHaveCount(0);
  await card.getByRole('button', { name: 'Rückruf vereinbart deaktivieren' }).click();
  await expect(card.getByRole('button', { name: 'Rückruf vereinbart aktivieren' })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await shootBoth(page, { dir: SHOTS, name: 'text-modules', fitsPhone: true }, async (language) => {
    await expect(card.getByText(language === 'de' ? 'Inaktiv' : 'Inactive', { exact: true })).toBeVisible();
  });

  // Never put into a reply, it may be deleted, after a second question.
  await card.getByRole('button', { name: 'Rückruf vereinbart löschen' }).click();
  await expect(card.getByText('„Rückruf vereinbart“ endgültig löschen?')).toBeVisible();
  await card.getByRole('button', { name: 'Endgültig löschen' }).click();
  await expect(card).toHaveCount(0);
});

test('an operator admin changes an SLA target and the business hours, a wrong time refused at its day', async ({
  page,
}) => {
  try {
    await slaJourney(page);
  } finally {
    await restoreStandardPolicy();
  }
});

const NEW_POLICY = 'Reklamationen E2E';

/** The demo's order (Dringend, then Standard) back, and the journey's own policy out of the way. */
async function restorePolicyOrder(): Promise<void> {
  const { api, csrf } = await apiSession(ADMIN);
  const policies = (await (await api.get('/api/sla-policies')).json()).items as {
    id: string;
    name: string;
    active: boolean;
  }[];
  const demo = ['Dringend', 'Standard'];
  for (const policy of policies.filter((p) => !demo.includes(p.name) && p.active)) {
    const off = await api.patch(`/api/sla-policies/${policy.id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { active: false },
    });
    expect(off.status(), await off.text()).toBe(200);
  }
  const rank = (name: string) => (demo.includes(name) ? demo.indexOf(name) : demo.length);
  const ids = [...policies].sort((a, b) => rank(a.name) - rank(b.name)).map((p) => p.id);
  const ordered = await api.put('/api/sla-policies/order', {
    headers: { 'x-csrf-token': csrf },
    data: { ids },
  });
  expect(ordered.status(), await ordered.text()).toBe(200);
  await api.dispose();
}

test('an operator admin creates an SLA policy for complaints and moves it up in the order, then back', async ({
  page,
}) => {
  try {
    await newPolicyJourney(page);
  } finally {
    await restorePolicyOrder();
  }
});

async function newPolicyJourney(page: Page): Promise<void> {
  await logIn(page, ADMIN, '/settings/sla');
  const form = page.getByRole('form', { name: 'Neue SLA-Richtlinie' });
  // Too short a name is refused at its field.
  await form.getByLabel('Name').fill('R');
  await form.getByRole('textbox', { name: 'Falltyp' }).click();
  await page.getByRole('option', { name: 'Reklamation', exact: true }).click();
  await form.getByRole('textbox', { name: 'Erste Antwort' }).fill('120');
  await expect(form.getByLabel('Montag')).toHaveValue('08:00-17:00');
  await form.getByLabel('Samstag').fill('09:00-13:00');
  await form.getByRole('button', { name: 'Richtlinie anlegen' }).click();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Name').fill(NEW_POLICY);
  await form.getByRole('button', { name: 'Richtlinie anlegen' }).click();
  await expect(form.getByRole('status')).toContainText('Richtlinie angelegt');

  // Placed last, it is tried after Standard, which matches every case: moved up, it comes first
  // for complaints.
  const cards = page.getByTestId('sla-policy');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(2).getByRole('heading', { name: NEW_POLICY })).toBeVisible();
  await openPolicy(page, NEW_POLICY);
  const created = page.getByRole('form', { name: NEW_POLICY });
  await expect(created.getByRole('textbox', { name: 'Falltyp' })).toHaveValue('Reklamation');
  await expect(created.getByLabel('Samstag')).toHaveValue('09:00-13:00');
  await page.getByRole('button', { name: `${NEW_POLICY} nach oben` }).click();
  await expect(cards.nth(1).getByRole('heading', { name: NEW_POLICY })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dringend nach oben' })).toBeDisabled();
  await page.reload();
  await expect(
    page.getByTestId('sla-policy').nth(1).getByRole('heading', { name: NEW_POLICY }),
  ).toBeVisible();
  await shootBoth(page, { dir: SHOTS, name: 'sla-order', fitsPhone: true });

  // Back below Standard, and off, as the demo's deadlines are computed without it.
  await page.getByRole('button', { name: `${NEW_POLICY} nach unten` }).click();
  await expect(
    page.getByTestId('sla-policy').nth(2).getByRole('heading', { name: NEW_POLICY }),
  ).toBeVisible();
  await openPolicy(page, NEW_POLICY);
  const last = page.getByRole('form', { name: NEW_POLICY });
  await last.getByRole('switch', { name: 'Aktiv' }).uncheck();
  await last.getByRole('button', { name: 'Speichern' }).click();
  await expect(last.getByRole('status')).toContainText('Richtlinie gespeichert');
  await expect(page.getByTestId('sla-policy').nth(2).getByText('Inaktiv', { exact: true })).toBeVisible();
}

/** Policies are listed closed; the control (the heading's button) opens one's form. */
async function openPolicy(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { name }).getByRole('button').click();
  await expect(page.getByRole('form', { name })).toBeVisible();
}

async function slaJourney(page: Page): Promise<void> {
  await logIn(page, ADMIN, '/settings/sla');
  await openPolicy(page, 'Standard');
  const standard = page.getByRole('form', { name: 'Standard' });
  const firstResponse = standard.getByRole('textbox', { name: 'Erste Antwort' });
  await expect(firstResponse).toHaveValue('240');
  await expect(standard.getByLabel('Montag')).toHaveValue('08:00-17:00');

  // A time the calendar cannot read stays at its weekday.
  await standard.getByLabel('Samstag').fill('9-13');
  await standard.getByRole('button', { name: 'Speichern' }).click();
  await expect(standard.getByLabel('Samstag')).toHaveAttribute('aria-invalid', 'true');

  await standard.getByLabel('Samstag').fill('');
  await firstResponse.fill('300');
  await standard.getByRole('button', { name: 'Speichern' }).click();
  await expect(standard.getByRole('status')).toContainText('Richtlinie gespeichert');
  await page.reload();
  await openPolicy(page, 'Standard');
  await expect(
    page.getByRole('form', { name: 'Standard' }).getByRole('textbox', { name: 'Erste Antwort' }),
  ).toHaveValue('300');
  await shootBoth(page, { dir: SHOTS, name: 'sla', fitsPhone: true });

  // Back to the demo's target, which later journeys' deadlines are computed with.
  const again = page.getByRole('form', { name: 'Standard' });
  await again.getByRole('textbox', { name: 'Erste Antwort' }).fill('240');
  await again.getByRole('button', { name: 'Speichern' }).click();
  await expect(again.getByRole('status')).toContainText('Richtlinie gespeichert');
}
