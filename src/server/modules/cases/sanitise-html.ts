import sanitize from 'sanitize-html';

/** The elements a reply typed in the app may keep: structure, emphasis, lists, tables, links, images. */
const REPLY_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'blockquote',
  'pre',
  'code',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'img',
  'hr',
];

/** What both policies let links and table cells keep; every link opens apart, without referrer. */
const LINKS_AND_CELLS: Pick<sanitize.IOptions, 'allowedSchemes' | 'transformTags'> & {
  allowedAttributes: Record<'a' | 'td' | 'th', string[]>;
} = {
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  transformTags: {
    a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

// What a reply may keep of HTML: structure and emphasis, links, inline images only as
// attachments (cid:) or data: URIs. Remote images are dropped so opening a mail never tells the
// sender it was read; scripts, styles, forms and event handlers never survive.
const REPLY_OPTIONS: sanitize.IOptions = {
  ...LINKS_AND_CELLS,
  allowedTags: REPLY_TAGS,
  allowedAttributes: { ...LINKS_AND_CELLS.allowedAttributes, img: ['src', 'alt', 'width', 'height'] },
  allowedSchemesByTag: { img: ['cid', 'data'] },
};

/** Sanitised HTML, safe to show in the agent's and the customer's browser. */
export function sanitiseHtml(html: string): string {
  return sanitize(html, REPLY_OPTIONS);
}

// --- showing a message's HTML ------------------------------------------------------------------------

/**
 * Every element a message's HTML may show, whatever wrote it (incoming mail keeps more layout than a
 * reply typed in the app). Scripts, styles, frames, forms, objects and every class, id and style
 * attribute stay out, so nothing in a message reaches out of its box or into the page.
 */
export const MESSAGE_TAGS = [
  ...REPLY_TAGS,
  'font',
  'center',
  'small',
  'sub',
  'sup',
  'dl',
  'dt',
  'dd',
  'h5',
  'h6',
  'caption',
  'tfoot',
];

const REMOTE_IMAGE = /^https?:\/\/[^\s"'<>]+$/i;
const RASTER_DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
/** Types a browser shows in <img> without running anything; an inline SVG or HTML part is not shown. */
const INLINE_IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|bmp|avif)$/;

/** A Content-ID as written in a header (<a@b>) or in a cid: URL (percent-encoded), compared alike. */
export function contentIdKey(contentId: string): string {
  let id = contentId.trim();
  if (/^cid:/i.test(id)) {
    id = id.slice(4);
    try {
      id = decodeURIComponent(id);
    } catch {
      // a broken escape is compared as written
    }
  }
  return id.replace(/^<|>$/g, '').trim().toLowerCase();
}

export type InlineImageSource = { id: string; contentId: string | null; mimeType: string };

export type MessageHtmlView = {
  html: string;
  /** Attachments the HTML shows in place (cid:), so the UI need not list them again. */
  inlineAttachmentIds: ReadonlySet<string>;
  /** Remote images held back as data-remote-src, loaded only when the reader asks. */
  remoteImages: number;
};

/**
 * A message's stored HTML as the browser gets it. Stored HTML was sanitised on the way in; it is
 * sanitised again here with the one policy for showing it, so older or differently written HTML
 * gets no more than this. Inline images (cid:) point at the message's own attachment through the
 * attachment route, which checks the reader's scope again; remote images are held back as
 * data-remote-src without a src, so showing a mail never tells its sender it was read.
 */
export function messageHtmlForView(
  html: string,
  attachments: readonly InlineImageSource[],
  attachmentUrl: (attachmentId: string) => string,
): MessageHtmlView {
  const byContentId = new Map<string, InlineImageSource>();
  for (const attachment of attachments) {
    if (attachment.contentId && INLINE_IMAGE_TYPES.test(attachment.mimeType))
      byContentId.set(contentIdKey(attachment.contentId), attachment);
  }
  const inlineAttachmentIds = new Set<string>();
  let remoteImages = 0;
  const shown = sanitize(html, {
    allowedTags: MESSAGE_TAGS,
    allowedAttributes: {
      ...LINKS_AND_CELLS.allowedAttributes,
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
    },
    allowedSchemes: LINKS_AND_CELLS.allowedSchemes,
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'title'],
    transformTags: {
      ...LINKS_AND_CELLS.transformTags,
      img: (tagName, attribs) => {
        // Every picture gets an alt (empty: decorative), so a screen reader does not read out a file name.
        const { src = '', 'data-remote-src': heldBack = '', alt = '', ...others } = attribs;
        const rest = { ...others, alt };
        const source = src.trim();
        const remote = source.startsWith('//') ? `https:${source}` : source;
        if (REMOTE_IMAGE.test(remote) || (source === '' && REMOTE_IMAGE.test(heldBack.trim()))) {
          remoteImages++;
          const url = REMOTE_IMAGE.test(remote) ? remote : heldBack.trim();
          return { tagName, attribs: { ...rest, 'data-remote-src': url } };
        }
        if (/^cid:/i.test(source)) {
          const attachment = byContentId.get(contentIdKey(source));
          if (!attachment) return { tagName, attribs: rest };
          inlineAttachmentIds.add(attachment.id);
          return { tagName, attribs: { ...rest, src: attachmentUrl(attachment.id) } };
        }
        if (RASTER_DATA_IMAGE.test(source)) return { tagName, attribs: { ...rest, src: source } };
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: shown, inlineAttachmentIds, remoteImages };
}

/** Where the browser fetches a case's attachment; the route checks the reader's scope on every fetch. */
export function caseAttachmentUrl(caseId: string, attachmentId: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

// Sanitising again costs little for a written mail (about 5 ms per 100 KB) but a tag-heavy
// newsletter takes about 100 ms per 100 KB, and a timeline is read far more often than a message
// changes: larger results are kept, bounded by their total size, oldest dropped first.
const VIEW_CACHE_FROM_CHARS = 20_000;
const VIEW_CACHE_MAX_CHARS = 16_000_000;
const viewCache = new Map<string, { view: MessageHtmlView; chars: number }>();
let viewCacheChars = 0;

/** A message's stored HTML for the timeline, its inline images pointing at its own attachments. */
export function showMessageHtml(
  caseId: string,
  html: string,
  attachments: readonly { id: string; content_id: string | null; mime_type: string }[] = [],
): MessageHtmlView {
  const sources = attachments.map((a) => ({ id: a.id, contentId: a.content_id, mimeType: a.mime_type }));
  const render = () =>
    messageHtmlForView(html, sources, (attachmentId) => caseAttachmentUrl(caseId, attachmentId));
  if (html.length < VIEW_CACHE_FROM_CHARS) return render();
  const key = `${caseId}\n${JSON.stringify(sources)}\n${html}`;
  const cached = viewCache.get(key);
  if (cached) return cached.view;
  const view = render();
  const chars = key.length + view.html.length;
  viewCache.set(key, { view, chars });
  viewCacheChars += chars;
  for (const [oldKey, old] of viewCache) {
    if (viewCacheChars <= VIEW_CACHE_MAX_CHARS) break;
    viewCache.delete(oldKey);
    viewCacheChars -= old.chars;
  }
  return view;
}
