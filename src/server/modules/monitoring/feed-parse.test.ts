import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedFormatError, htmlToText, parseFeedEntries } from './feed-parse';
import { compileTerms, matchTerms } from './term-match';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('feed parsing', () => {
  it('reads an RSS 2.0 feed with its umlauts, author, date and HTML description as text', () => {
    const [first, second] = parseFeedEntries(fixture('blog.rss.xml'));
    expect(first).toMatchObject({
      title: 'Ärger mit der PRINTWERK-Festplatte',
      link: 'https://blog.baeckerei-sommer.example/2026/12/festplatte',
      author: 'Anna Sommer',
      publishedAt: '2026-12-05T09:15:00.000Z',
      text: 'Seit Wochen warten wir auf eine Lösung für die DataVault X2 & unser Notebook. Vorgang CD-2026-000002.',
    });
    expect(second?.title).toBe('Neue Brötchen im Angebot');
    expect(first?.key).toMatch(/^[0-9a-f]{40}$/);
    expect(first?.key).not.toBe(second?.key);
  });

  it('reads an Atom feed: the alternate link, the published date, the HTML content', () => {
    const [entry] = parseFeedEntries(fixture('forum.atom.xml'));
    expect(entry).toMatchObject({
      title: 'Keine Praezision beim Farbdruck',
      link: 'https://forum.example/t/1',
      author: 'Jörg Müller',
      publishedAt: '2026-12-05T11:00:00.000Z',
    });
    expect(entry?.text).toContain('Der Drucker von printwerk druckt unscharf. Grüße');
    expect(entry?.text).toContain('Kurz: Farbränder');
  });

  it('reads a JSON Feed, plain text and HTML content alike', () => {
    const [review, other] = parseFeedEntries(fixture('reviews.json'));
    expect(review).toMatchObject({
      title: 'Präzision? Fehlanzeige!',
      link: 'https://reviews.example/42',
      author: 'K. Ahrens',
      publishedAt: '2026-12-05T08:30:00.000Z',
      text: 'Der Support von Printwerk antwortet nicht. Kontakt: einkauf@kanzlei-ahrens.example',
    });
    expect(other).toMatchObject({
      title: 'Alles gut',
      author: null,
      publishedAt: null,
      text: 'Schnelle Lieferung <3',
    });
  });

  it('keeps the key of an entry across polls, and keys an entry without id by its link', () => {
    const again = parseFeedEntries(fixture('reviews.json'));
    expect(parseFeedEntries(fixture('reviews.json')).map((e) => e.key)).toEqual(again.map((e) => e.key));
  });

  it('finds the watch terms in the entries of all three formats, umlauts folded', () => {
    const terms = compileTerms(['Printwerk', 'Präzision']);
    const found = [
      ...parseFeedEntries(fixture('blog.rss.xml')),
      ...parseFeedEntries(fixture('forum.atom.xml')),
      ...parseFeedEntries(fixture('reviews.json')),
    ].map((entry) => matchTerms(`${entry.title}\n${entry.text}`, terms));
    expect(found).toEqual([['Printwerk'], [], ['Printwerk', 'Präzision'], ['Printwerk', 'Präzision'], []]);
  });

  it('refuses what is not a feed', () => {
    expect(() => parseFeedEntries('<html><body>Hallo</body></html>')).toThrow(FeedFormatError);
    expect(() => parseFeedEntries('{"hello": 1}')).toThrow(FeedFormatError);
  });

  it('reduces HTML to text', () => {
    expect(htmlToText('<p>a&nbsp;&amp;&#228;&#xFC;</p><script>x()</script><p>b</p>')).toBe('a &äü\nb');
  });
});
