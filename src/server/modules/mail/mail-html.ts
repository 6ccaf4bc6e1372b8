import sanitize from 'sanitize-html';
import { MESSAGE_TAGS } from '../cases/sanitise-html';

// The policy follows cases/sanitise-html.ts (the tags a message may show; never scripts, styles,
// forms, frames or event handlers) with two differences for incoming mail. A remote image is not
// dropped but held back: it becomes <img data-remote-src="…"> without a src, so opening a mail never
// tells the sender it was read, and the UI can still offer "show remote images". Inline images keep
// their cid: source; the timeline points them at the stored attachment (messageHtmlForView). No style
// attribute survives, which also removes CSS background:url(…) tracking.

const REMOTE_URL = /^https?:\/\/[^\s"'<>]+$/i;
const INLINE_IMAGE_DATA = /^data:image\/(png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;

export type SanitisedMailHtml = { html: string; remoteImages: number };

/** Sanitised HTML of an incoming mail, safe to show in the agent's and the customer's browser. */
export function sanitiseMailHtml(html: string): SanitisedMailHtml {
  let remoteImages = 0;
  const cleaned = sanitize(html, {
    allowedTags: MESSAGE_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height', 'data-remote-src'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    allowProtocolRelative: false,
    // Text of these elements is not content; <title> would otherwise show up at the top of the body.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'title'],
    transformTags: {
      a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
      img: (tagName, attribs) => {
        // Never trust a data-remote-src the sender wrote: the UI would load it on request.
        const { src = '', 'data-remote-src': _ignored, ...rest } = attribs;
        const source = src.trim();
        const remote = source.startsWith('//') ? `https:${source}` : source;
        if (REMOTE_URL.test(remote)) {
          remoteImages++;
          return { tagName, attribs: { ...rest, 'data-remote-src': remote, alt: rest.alt ?? '' } };
        }
        if (/^cid:/i.test(source) || INLINE_IMAGE_DATA.test(source)) {
          return { tagName, attribs: { ...rest, src: source } };
        }
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: cleaned, remoteImages };
}

const BLOCK_END = /<\/(p|div|tr|li|h[1-6]|table|blockquote|pre|dt|dd|center)\s*>/gi;

/**
 * Plain text of an HTML body, for mail that has no text/plain part: block ends become line breaks,
 * tags go, entities are decoded. Good enough to read and search, not a renderer.
 */
export function mailHtmlToText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(BLOCK_END, '\n');
  const escaped = sanitize(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'title', 'head'],
  });
  // sanitize-html decodes entities while parsing and escapes only these on output.
  const text = escaped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
