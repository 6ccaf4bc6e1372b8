import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

// What the browser journeys share: the demo logins, logging in, the accessibility check.
export const DEMO_PASSWORD = 'channeldesk-demo';
export const SCREENSHOTS = 'test-results/screenshots';

/** Logs in through the login form, in whichever language it shows. */
export async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/^(E-Mail-Adresse|Email address)/).fill(email);
  await page.getByLabel(/^(Passwort|Password)/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
  await expect(page.getByRole('navigation', { name: /Hauptnavigation|Main navigation/ })).toBeVisible();
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Waits until the page has its heading and nothing is loading any more. */
export async function pageSettled(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}

/**
 * Collects every Content-Security-Policy violation the page reports, from the
 * `securitypolicyviolation` event and from Chromium's console errors. Call before the first
 * navigation; the test expects the list to stay empty.
 */
export async function watchContentSecurityPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|CSP violation/i.test(message.text())) {
      violations.push(`${page.url()}: ${message.text()}`);
    }
  });
  return violations;
}

/** The page was served with our policy: no inline scripts, no plugins, no framing. */
export function expectStrictPolicy(policy: string | undefined): void {
  expect(policy).toBeDefined();
  const directives = new Map(
    (policy ?? '').split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
}
