import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Cookie, expect, type Page, request } from '@playwright/test';
import { BASE_URL } from './ports';

export { BASE_URL, SMTP_PORT } from './ports';

// What the browser journeys share: the demo logins, logging in, switching the language,
// screenshots on desktop and phone, the accessibility check.
export const DEMO_PASSWORD = 'channeldesk-demo';
export const SCREENSHOTS = 'test-results/screenshots';
export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
export type Language = 'de' | 'en';

/**
 * Session cookies per login, kept for the worker's life. Logging in is not what most journeys
 * test (login.spec.ts tests the form), and the login route allows only a few attempts a minute.
 */
const sessions = new Map<string, Cookie[]>();

/**
 * Logs the page in as `email` through the API, reusing that user's session from an earlier
 * test while the server still accepts it (a journey may have logged it out), and opens `path`
 * (the overview by default) once the main navigation shows.
 */
export async function logIn(page: Page, email: string, path = '/'): Promise<void> {
  const context = page.context();
  await context.clearCookies();
  const kept = sessions.get(email);
  let valid = false;
  if (kept !== undefined) {
    await context.addCookies(kept);
    valid = (await page.request.get('/api/auth/session')).ok();
    if (!valid) await context.clearCookies();
  }
  if (!valid) {
    const login = await page.request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
    expect(login.status(), await login.text()).toBe(200);
    sessions.set(email, await context.cookies());
  }
  await page.goto(path);
  await expect(page.getByRole('navigation', { name: /Hauptnavigation|Main navigation/ })).toBeVisible();
}

/** An API session of its own (not the page's), for setting up what a journey needs. */
export async function apiSession(email: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return { api, csrf: (await login.json()).csrfToken };
}

/** Switches the language in the header; for a logged-in user this is their saved setting. */
export async function switchLanguage(page: Page, language: Language): Promise<void> {
  await page
    .getByRole('radiogroup', { name: /Sprache|Language/ })
    .getByText(language.toUpperCase(), { exact: true })
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Saves the logged-in user's language through the API, without loading a page for it. */
export async function saveLanguage(page: Page, language: Language): Promise<void> {
  const session = await page.request.get('/api/auth/session');
  expect(session.status()).toBe(200);
  const saved = await page.request.patch('/api/me', {
    headers: { 'x-csrf-token': (await session.json()).csrfToken },
    data: { locale: language },
  });
  expect(saved.status(), await saved.text()).toBe(200);
}

/**
 * Waits until the page has stopped moving: CSS transitions (the navigation sliding in or out
 * after a resize) have ended and charts have finished redrawing at their new size.
 */
export async function layoutSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    await frame();
    await frame();
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    // Chart animations run in script, not CSS: wait until the drawing is the same two frames running.
    const drawing = () =>
      Array.from(
        document.querySelectorAll('svg path, svg rect'),
        (e) => e.getAttribute('d') ?? e.getAttribute('width'),
      )
        .join('|')
        .concat(`|${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight}`);
    let last = drawing();
    for (let i = 0; i < 200; i++) {
      await frame();
      await frame();
      const now = drawing();
      if (now === last) return;
      last = now;
    }
  });
}

export type ShotOptions = {
  /** The directory under test-results/screenshots the files go to. */
  dir: string;
  /** The page's part of the file name: `<language>-<device>-<name>.png`. */
  name: string;
  language: Language;
  /** The phone page must not be wider than the screen (only tables scroll sideways). */
  fitsPhone?: boolean;
  /** Full-page shots (the default), or only the screen on a phone. */
  fullPage?: 'both' | 'desktop';
  /** Scroll to the top first (the default), or keep the position the journey left. */
  scrollTop?: boolean;
  /** The accessibility check on each device (the default), or once, back on the desktop. */
  accessible?: 'each' | 'desktop';
};

/** Desktop and phone screenshots of the page as it is, each checked by axe; ends on the desktop. */
export async function shoot(page: Page, options: ShotOptions): Promise<void> {
  const { dir, name, language } = options;
  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    if (options.scrollTop ?? true) await page.evaluate(() => window.scrollTo(0, 0));
    await layoutSettled(page);
    await page.screenshot({
      path: `${dir}/${language}-${device}-${name}.png`,
      fullPage: device === 'desktop' || (options.fullPage ?? 'both') === 'both',
    });
    if ((options.accessible ?? 'each') === 'each') {
      await expectAccessible(page, `${name} (${language}, ${device})`);
    }
    if (options.fitsPhone) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} ${language} ${device}: page wider than the screen`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(DESKTOP);
  if (options.accessible === 'desktop') await expectAccessible(page, name);
}

/**
 * In German and in English: `check` what the page says, then desktop and phone screenshots;
 * back to German at the end, the demo users' seeded language.
 */
export async function shootBoth(
  page: Page,
  options: Omit<ShotOptions, 'language'>,
  check?: (language: Language) => Promise<void>,
): Promise<void> {
  for (const language of ['de', 'en'] as const) {
    await switchLanguage(page, language);
    await check?.(language);
    await shoot(page, { ...options, language });
  }
  await switchLanguage(page, 'de');
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Only the violations are read: axe then skips gathering every passing node.
    .options({ resultTypes: ['violations'] })
    // axe.run() in the page itself. The default opens a blank page for every check to merge the
    // results of cross-origin frames, which these pages do not have.
    .setLegacyMode(true)
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
