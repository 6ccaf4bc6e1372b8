import { expect, type Page, test } from '@playwright/test';
import { logIn, SCREENSHOTS, shootBoth } from './support';

// Users, roles and groups are the operator admin's to manage in the web app, not only in the API.
// The journey invites a user of its own (a fresh address each run) and leaves the demo logins as
// they are.

const SHOTS = `${SCREENSHOTS}/admin-users`;
const ADMIN = 'admin@printwerk.example';
const AGENT_NAME = 'Daniel Carter';

function row(page: Page, text: string) {
  return page.getByTestId('user-table').getByRole('row').filter({ hasText: text });
}

test('the admin invites a user with a role, changes it, language and time zone, sets them as a group lead and member and deactivates them', async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  const name = `Lena Vogt ${stamp}`;
  const email = `lena.vogt.${stamp}@printwerk.example`;
  const groupName = `Reklamationen ${stamp}`;

  await logIn(page, ADMIN, '/settings/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Benutzer & Rollen' })).toBeVisible();
  await expect(row(page, ADMIN)).toContainText('Administration');

  // A taken address is refused at the e-mail field, in words.
  const form = page.locator('form[aria-labelledby="user-form-title"]');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('E-Mail-Adresse').fill(ADMIN);
  await form.getByRole('button', { name: 'Benutzer einladen' }).click();
  await expect(form.getByText('Das ist schon vergeben.')).toBeVisible();

  await form.getByLabel('E-Mail-Adresse').fill(email);
  await form.getByRole('button', { name: 'Benutzer einladen' }).click();
  await expect(row(page, email)).toContainText('Service-Mitarbeiter');
  await expect(row(page, email)).toContainText('Aktiv');

  // Change the role (channel manager instead of agent), the language and the time zone.
  await page.getByRole('button', { name: `Bearbeiten: ${name}` }).click();
  await expect(form.getByRole('textbox', { name: 'Sprache' })).toHaveValue('Deutsch');
  await expect(form.getByRole('textbox', { name: 'Zeitzone' })).toHaveValue('Europe/Berlin');
  await form.getByLabel('Service-Mitarbeiter').uncheck();
  await form.getByLabel('Channel-Manager').check();
  await form.getByRole('textbox', { name: 'Sprache' }).click();
  await page.getByRole('option', { name: 'English', exact: true }).click();
  await form.getByRole('textbox', { name: 'Zeitzone' }).fill('Europe/Lon');
  await page.getByRole('option', { name: 'Europe/London', exact: true }).click();
  await form.getByRole('button', { name: 'Speichern' }).click();
  await expect(row(page, email)).toContainText('Channel-Manager');
  await expect(row(page, email)).not.toContainText('Service-Mitarbeiter');
  // The form shows what was saved when the user is opened again.
  await page.getByRole('button', { name: `Bearbeiten: ${name}` }).click();
  await expect(form.getByRole('textbox', { name: 'Sprache' })).toHaveValue('English');
  await expect(form.getByRole('textbox', { name: 'Zeitzone' })).toHaveValue('Europe/London');
  await shootBoth(page, { dir: SHOTS, name: 'users', fitsPhone: true });
  await form.getByRole('button', { name: 'Abbrechen' }).click();

  // A group with the new user as its lead.
  await page.goto('/settings/groups');
  const groupForm = page.locator('form[aria-labelledby="group-form-title"]');
  await groupForm.getByLabel('Name').fill(groupName);
  await groupForm.getByRole('textbox', { name: 'Leitung' }).click();
  await page.getByRole('option', { name }).click();
  await groupForm.getByRole('button', { name: 'Gruppe anlegen' }).click();
  const groupRow = page.getByTestId('group-table').getByRole('row').filter({ hasText: groupName });
  await expect(groupRow).toContainText(name);
  // Renamed, it keeps its lead; members are added on the same form.
  await page.getByRole('button', { name: `Bearbeiten: ${groupName}` }).click();
  await groupForm.getByLabel('Name').fill(`${groupName} Nord`);
  const members = groupForm.getByRole('textbox', { name: 'Mitglieder' });
  await members.click();
  await page.getByRole('option', { name, exact: true }).click();
  await members.fill(AGENT_NAME);
  await page.getByRole('option', { name: AGENT_NAME, exact: true }).click();
  await groupForm.getByRole('button', { name: 'Speichern' }).click();
  const renamedRow = page
    .getByTestId('group-table')
    .getByRole('row')
    .filter({ hasText: `${groupName} Nord` });
  await expect(renamedRow).toContainText(name);
  await expect(renamedRow).toContainText(AGENT_NAME);

  // And removed again: the demo agent leaves, the new user stays.
  await page.getByRole('button', { name: `Bearbeiten: ${groupName} Nord` }).click();
  await groupForm
    .locator('.mantine-Pill-root')
    .filter({ hasText: AGENT_NAME })
    .locator('.mantine-Pill-remove')
    .click();
  await groupForm.getByRole('button', { name: 'Speichern' }).click();
  await expect(renamedRow).not.toContainText(AGENT_NAME);
  await expect(renamedRow.getByRole('cell').nth(2)).toHaveText(name);
  await page.getByRole('button', { name: `Bearbeiten: ${groupName} Nord` }).click();
  await shootBoth(page, { dir: SHOTS, name: 'groups', fitsPhone: true });

  // Deactivated, the user is marked so and can be reactivated from the same row.
  await page.goto('/settings/users');
  await page.getByRole('button', { name: `Deaktivieren: ${name}` }).click();
  await expect(row(page, email)).toContainText('Deaktiviert');
  await expect(page.getByRole('button', { name: `Reaktivieren: ${name}` })).toBeVisible();
});
