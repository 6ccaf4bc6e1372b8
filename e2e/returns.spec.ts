import { expect, test } from '@playwright/test';
import { apiSession, expectAccessible, logIn, PHONE, SCREENSHOTS } from './support';

// S5: a customer sends back a printer; the parcel holds old newspapers. The agent authorises,
// books the arrival, inspects it as wrong contents, and rejects it with a reason the customer reads.
const CUSTOMER = 'buero@baeckerei-sommer.example';
const ADMIN = 'admin@printwerk.example';

test('a return is authorised, received, inspected as wrong contents and rejected; the customer reads why', async ({
  page,
}) => {
  const { api, csrf } = await apiSession(CUSTOMER);
  const created = await api.post('/api/cases', {
    headers: { 'x-csrf-token': csrf },
    data: {
      type: 'return',
      subject: 'Rücksendung Etikettendrucker',
      description: 'Gerät gefällt nicht, bitte zurücknehmen.',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const kase = (await created.json()) as { number: string };

  // The customer requests the return on the case page.
  await logIn(page, CUSTOMER, `/cases/${kase.number}`);
  const panel = page.getByRole('region', { name: 'Rücksendung' });
  await panel.getByRole('button', { name: 'Rücksendung anfordern' }).click();
  await panel.getByLabel('Artikel').fill('Etikettendrucker ED-5');
  await panel.getByLabel('Seriennummer').fill('ED5-2231');
  await panel.getByLabel('Grund').fill('Gefällt nicht');
  await panel.getByRole('button', { name: 'Rücksendung anfordern' }).last().click();
  await expect(panel.getByTestId('return-state')).toHaveText('Angefordert');

  // The agent authorises and books the arrival.
  await logIn(page, ADMIN, `/cases/${kase.number}`);
  const work = page.getByRole('region', { name: 'Rücksendung' });
  await work.getByRole('button', { name: 'Freigeben' }).click();
  await expect(work.getByTestId('return-state')).toHaveText('Freigegeben');
  await expect(work.getByTestId('return-instructions')).toContainText('RMA-');
  await work.getByRole('button', { name: 'Eingang buchen' }).click();
  await expect(work.getByTestId('return-state')).toHaveText('Eingegangen');

  // Inspection: old newspapers instead of the printer. A refund is refused.
  await work.getByRole('textbox', { name: /Zustand: Etikettendrucker/ }).click();
  await page.getByRole('option', { name: 'Falscher Inhalt' }).click();
  await work.getByLabel('Notiz (intern)').fill('Karton enthielt alte Zeitungen, kein Gerät.');
  await work.getByRole('textbox', { name: /^Ergebnis/ }).click();
  await page.getByRole('option', { name: 'Erstattung' }).click();
  await work
    .getByLabel('Begründung für den Kunden')
    .fill('Im Paket befand sich Zeitungspapier statt des Druckers.');
  await work.getByRole('button', { name: 'Prüfung speichern' }).click();
  await expect(work).toContainText('nie erstattet');
  await work.getByRole('textbox', { name: /^Ergebnis/ }).click();
  await page.getByRole('option', { name: 'Abgelehnt' }).click();
  await work.getByRole('button', { name: 'Prüfung speichern' }).click();
  await expect(work.getByTestId('return-state')).toHaveText('Geprüft');
  await expect(work.getByTestId('review-flag')).toContainText('falscher Inhalt');

  await work.getByRole('button', { name: 'Ablehnen' }).click();
  await work
    .getByLabel('Grund der Ablehnung')
    .fill('Im Paket befand sich Zeitungspapier statt des Druckers. Keine Erstattung.');
  await work.getByRole('button', { name: 'Rücksendung ablehnen' }).click();
  await expect(work.getByTestId('return-state')).toHaveText('Abgelehnt');
  await page.screenshot({ path: `${SCREENSHOTS}/returns-agent-de.png`, fullPage: true });

  // The returns desk lists it under rejected.
  await page.goto('/returns');
  await page.getByText('Abgelehnt', { exact: true }).first().click();
  await expect(page.getByTestId('desk-return').filter({ hasText: kase.number })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/returns-desk-de.png`, fullPage: true });

  // The customer reads the reason, on a phone, and never the internal note or the flag.
  await page.setViewportSize(PHONE);
  await logIn(page, CUSTOMER, `/cases/${kase.number}`);
  const mine = page.getByRole('region', { name: 'Rücksendung' });
  await expect(mine.getByTestId('return-state')).toHaveText('Abgelehnt');
  await expect(mine.getByTestId('return-reason')).toContainText('Zeitungspapier statt des Druckers');
  await expect(page.getByRole('main')).not.toContainText('alte Zeitungen');
  await expect(page.getByTestId('review-flag')).toHaveCount(0);
  await expectAccessible(page, 'returns panel');
  await mine.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/returns-customer-phone-de.png`, fullPage: true });
  await api.dispose();
});
