import { describe, expect, it } from 'vitest';
import { caseNumbersIn, domainAndParents, emailDomainsIn, linkDomain, tellingName } from './mention-clues';
import { nextPollDelayMinutes } from './poll-schedule';

describe('clues in a mention', () => {
  it('finds case numbers, also the short forms, normalised', () => {
    expect(caseNumbersIn('Vorgang CD-2026-000063 und cd-2026-64, CD 2026 65, CD-2026/66.', 'CD')).toEqual([
      'CD-2026-000063',
      'CD-2026-000064',
      'CD-2026-000065',
      'CD-2026-000066',
    ]);
  });

  it('ignores numbers without our prefix or glued to other words', () => {
    expect(caseNumbersIn('Rechnung 2026-0042, XCD-2026-000063, CD-2026-000063a', 'CD')).toEqual([]);
  });

  it('finds e-mail domains and the domain of the post itself', () => {
    expect(emailDomainsIn('Mail an Einkauf@Kanzlei-Ahrens.example oder info@x.de.')).toEqual([
      'kanzlei-ahrens.example',
      'x.de',
    ]);
    expect(linkDomain('https://www.baeckerei-sommer.example/blog/1')).toBe('baeckerei-sommer.example');
    expect(linkDomain('not a link')).toBeNull();
    expect(domainAndParents('blog.baeckerei-sommer.example')).toEqual([
      'blog.baeckerei-sommer.example',
      'baeckerei-sommer.example',
    ]);
  });

  it('names an organisation without its legal form, and not at all when too short', () => {
    expect(tellingName('Bäckerei Sommer GmbH & Co. KG')).toBe('baeckerei sommer');
    expect(tellingName('Kanzlei Ahrens')).toBe('kanzlei ahrens');
    expect(tellingName('AB GmbH')).toBeNull();
  });
});

describe('poll schedule', () => {
  it('polls at the interval, never more often than every 5 minutes', () => {
    expect(nextPollDelayMinutes(30, 0)).toBe(30);
    expect(nextPollDelayMinutes(1, 0)).toBe(5);
  });

  it('doubles the wait with each error in a row, up to a day', () => {
    expect([1, 2, 3, 4].map((errors) => nextPollDelayMinutes(30, errors))).toEqual([30, 60, 120, 240]);
    expect(nextPollDelayMinutes(30, 20)).toBe(1440);
  });
});
