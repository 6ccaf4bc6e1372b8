import { Collapse, NavLink, UnstyledButton } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OfferedLeadsCount } from '../leads/OfferedLeadsCount';
import type { NavEntry, NavGroupKey, NavItem } from '../roles';

function NavItemLink({ item, activeTo }: { item: NavItem; activeTo: string | undefined }) {
  const { t } = useTranslation();
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={t(`nav.${item.key}`)}
      rightSection={item.key === 'leads' ? <OfferedLeadsCount /> : undefined}
      active={item.to === activeTo}
      aria-current={item.to === activeTo ? 'page' : undefined}
      variant="light"
    />
  );
}

/**
 * The navigation's entries, the operator's in sections that fold: all open at first (nothing
 * hidden from a new user), each folded one remembered on this device, and the section of the
 * page on screen always open, so the active entry is never out of sight.
 */
export function NavSections({ entries, activeTo }: { entries: NavEntry[]; activeTo: string | undefined }) {
  const { t } = useTranslation();
  const [folded, setFolded] = useLocalStorage<NavGroupKey[]>({
    key: 'channeldesk.nav.folded',
    defaultValue: [],
  });
  return entries.map((entry, index) => {
    if (entry.kind === 'item') {
      const link = <NavItemLink key={entry.item.key} item={entry.item} activeTo={activeTo} />;
      if (entries[index - 1]?.kind !== 'group') return link;
      return (
        <div key={entry.item.key} className="cd-nav-after-section">
          {link}
        </div>
      );
    }
    const holdsActive = entry.items.some((item) => item.to === activeTo);
    const open = holdsActive || !folded.includes(entry.key);
    const id = `cd-nav-${entry.key}`;
    return (
      <div key={entry.key} className="cd-nav-section">
        <UnstyledButton
          className="cd-nav-heading"
          aria-expanded={open}
          aria-controls={id}
          disabled={holdsActive}
          onClick={() =>
            setFolded((current) =>
              current.includes(entry.key) ? current.filter((k) => k !== entry.key) : [...current, entry.key],
            )
          }
        >
          <span>{t(`nav.group.${entry.key}`)}</span>
          <span aria-hidden="true" className="cd-nav-chevron" data-open={open}>
            ›
          </span>
        </UnstyledButton>
        <Collapse in={open} id={id} role="group" aria-label={t(`nav.group.${entry.key}`)}>
          {entry.items.map((item) => (
            <NavItemLink key={item.key} item={item} activeTo={activeTo} />
          ))}
        </Collapse>
      </div>
    );
  });
}
