import {
  Anchor,
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  Group,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useCaseStream } from '../cases/live';
import { ShortcutsHelp } from '../cases/ShortcutsHelp';
import { NotificationBell } from '../notifications/NotificationBell';
import { navEntries, navItems } from '../roles';
import { useLogout, useMe } from '../session';
import { ErrorBoundary } from './ErrorBoundary';
import { HeaderSearch } from './HeaderSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { NavSections } from './NavSections';
import { PageLoader } from './PageLoader';
import { isTyping } from './useShortcut';

function isActive(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(`${to}/`);
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const location = useLocation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [helpOpened, { open: openHelp, close: closeHelp }] = useDisclosure(false);
  useCaseStream(true);

  // "?" lists the keyboard shortcuts, wherever the user is.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        openHelp();
      }
      // "/" jumps to the search box (the header's, or on a phone the one in the navigation).
      if (event.key === '/' && !isTyping(event.target) && !document.querySelector('[role="dialog"]')) {
        const box = [...document.querySelectorAll<HTMLInputElement>('[data-header-search]')].find(
          (input) => input.offsetParent !== null,
        );
        if (box) {
          event.preventDefault();
          box.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openHelp]);

  // The user's saved language wins over whatever this device used before login.
  useEffect(() => {
    if (me.locale !== i18n.language) void i18n.changeLanguage(me.locale);
  }, [me.locale, i18n]);

  // Close the mobile navigation after following a link.
  useEffect(() => {
    if (location.pathname !== '') closeNav();
  }, [location.pathname, closeNav]);

  const items = navItems(me);
  // On the customer's own organisation page "Meine Organisation" is the active item.
  const activeTo = items
    .filter((item) => isActive(location.pathname, item.to))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <>
      <a href="#main" className="cd-skip-link">
        {t('common.skipToContent')}
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding="lg"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" className="cd-header">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpened}
                onClick={toggleNav}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('nav.toggle')}
                aria-expanded={navOpened}
                aria-controls="cd-navbar"
              />
              <UnstyledButton component={Link} to="/" className="cd-brand">
                {t('common.appName')}
              </UnstyledButton>
              <Box visibleFrom="sm" ml="md">
                <HeaderSearch />
              </Box>
            </Group>
            <Group gap="md" wrap="nowrap" className="cd-header-actions">
              <Stack gap={0} align="flex-end" visibleFrom="md" aria-label={t('header.user')}>
                <Text size="sm" fw={600} data-testid="header-user-name">
                  {me.name}
                </Text>
                <Text size="xs" c="dimmed" data-testid="header-organisation">
                  {me.organisation.name}
                </Text>
              </Stack>
              <Group gap={4} visibleFrom="sm" aria-label={t('roles.label')} role="group">
                {me.roles.map((role) => (
                  <Badge key={role} variant="light" radius="sm">
                    {t(`roles.${role}`)}
                  </Badge>
                ))}
              </Group>
              <Button variant="subtle" size="xs" onClick={openHelp} aria-keyshortcuts="?" visibleFrom="sm">
                {t('shortcuts.button')}
              </Button>
              <NotificationBell />
              <LanguageSwitch />
              <Button variant="default" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
                {t('header.logout')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        {/* Scrolls on its own: an admin's list of pages is taller than a laptop screen. */}
        <AppShell.Navbar p="sm" id="cd-navbar" aria-label={t('nav.label')} style={{ overflowY: 'auto' }}>
          <Text size="xs" c="dimmed" hiddenFrom="md" mb="xs">
            {me.name} · {me.organisation.name}
          </Text>
          <Box hiddenFrom="sm" mb="sm">
            <HeaderSearch />
          </Box>
          <NavSections entries={navEntries(me)} activeTo={activeTo} />
          <Anchor component={Link} to="/about" size="xs" c="dimmed" mt="auto" px="sm" py="xs">
            {t('about.link')}
          </Anchor>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1}>
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
      <ShortcutsHelp opened={helpOpened} onClose={closeHelp} />
    </>
  );
}
