import { createHash } from 'node:crypto';
import { parseFeed } from 'feedsmith';

// RSS (0.9x, 1.0/RDF, 2.0), Atom and JSON Feed read by feedsmith, flattened to what a mention needs.
// Pure: text in, entries out; the fetch lives in feed-fetch.ts.

export type FeedEntry = {
  /** Stable per entry: a hash of its guid/id, else its link, else its title and date. */
  key: string;
  title: string;
  link: string | null;
  author: string | null;
  /** ISO-8601 UTC, when the feed gives a readable date. */
  publishedAt: string | null;
  /** The entry's whole text (title excluded), HTML reduced to text. */
  text: string;
};

export class FeedFormatError extends Error {}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  euro: '€',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
};

/** Text of an HTML fragment as a reader sees it: tags gone, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
      if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
      return ENTITIES[name] ?? whole;
    })
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}

function safeCodePoint(code: number): string | null {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string')
    return value.value;
  return '';
}

function firstName(authors: unknown, ...more: unknown[]): string | null {
  const list = Array.isArray(authors) ? authors : [];
  for (const author of list) {
    const name = typeof author === 'string' ? author : text((author as { name?: unknown })?.name);
    if (name.trim()) return name.trim();
  }
  for (const candidate of more) {
    if (Array.isArray(candidate) && typeof candidate[0] === 'string' && candidate[0].trim())
      return candidate[0].trim();
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  return null;
}

function entryKey(id: string | null, link: string | null, title: string, date: string | null): string {
  const basis = id ? `id:${id}` : link ? `link:${link}` : `title:${title}|${date ?? ''}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 40);
}

type Raw = {
  id: string | null;
  title: string;
  link: string | null;
  author: string | null;
  publishedAt: string | null;
  html: string;
};

function finish(raw: Raw): FeedEntry {
  const title = htmlToText(raw.title);
  return {
    key: entryKey(raw.id?.trim() || null, raw.link?.trim() || null, title, raw.publishedAt),
    title,
    link: raw.link?.trim() || null,
    author: raw.author,
    publishedAt: raw.publishedAt,
    text: htmlToText(raw.html),
  };
}

/**
 * The entries of an RSS, Atom or JSON feed. Throws FeedFormatError when the text is none of
 * them (an HTML page where a feed was expected, a broken document).
 */
export function parseFeedEntries(body: string): FeedEntry[] {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body);
  } catch (error) {
    throw new FeedFormatError(error instanceof Error ? error.message : String(error));
  }
  switch (parsed.format) {
    case 'rss':
      return (parsed.feed.items ?? []).map((item) =>
        finish({
          id: text(item.guid),
          title: item.title ?? '',
          link: item.link ?? null,
          author: firstName(item.dc?.creators, item.authors),
          publishedAt: isoDate(item.pubDate) ?? isoDate(item.dc?.dates?.[0]),
          html: [item.content?.encoded, item.description].filter(Boolean).join('\n'),
        }),
      );
    case 'rdf':
      return (parsed.feed.items ?? []).map((item) =>
        finish({
          id: item.rdf?.about ?? null,
          title: item.title ?? '',
          link: item.link ?? null,
          author: firstName(item.dc?.creators),
          publishedAt: isoDate(item.dc?.dates?.[0]),
          html: [item.content?.encoded, item.description].filter(Boolean).join('\n'),
        }),
      );
    case 'atom':
      return (parsed.feed.entries ?? []).map((entry) => {
        const links = entry.links ?? [];
        const link = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
        return finish({
          id: entry.id ?? null,
          title: text(entry.title),
          link: link?.href ?? null,
          author: firstName(entry.authors),
          publishedAt: isoDate(entry.published) ?? isoDate(entry.updated),
          html: [text(entry.content), text(entry.summary)].filter(Boolean).join('\n'),
        });
      });
    case 'json':
      return (parsed.feed.items ?? []).map((item) =>
        finish({
          id: item.id ?? null,
          title: item.title ?? '',
          link: item.url ?? null,
          author: firstName(item.authors),
          publishedAt: isoDate(item.date_published) ?? isoDate(item.date_modified),
          html: item.content_html ?? escapeText(item.content_text ?? item.summary ?? ''),
        }),
      );
  }
}

// content_text is plain text; escaped so htmlToText leaves a "<" in it alone.
function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
