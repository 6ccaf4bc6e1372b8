import { describe, expect, it } from 'vitest';
import { contentIdKey, messageHtmlForView, sanitiseHtml, showMessageHtml } from './sanitise-html';

describe('HTML sanitising', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const html =
      '<p onclick="steal()">Hallo<script>alert(1)</script> <a href="javascript:alert(1)">klick</a></p>';
    const clean = sanitiseHtml(html);
    expect(clean).not.toMatch(/script|onclick|javascript/i);
    expect(clean).toContain('Hallo');
  });

  it('drops remote images, which would tell the sender the mail was opened', () => {
    expect(sanitiseHtml('<img src="https://tracker.example/pixel.gif">')).not.toContain('tracker');
    expect(sanitiseHtml('<img src="cid:logo@mail">')).toContain('cid:logo@mail');
  });

  it('keeps structure and safe links, opening them without referrer', () => {
    const clean = sanitiseHtml(
      '<ul><li><strong>Seriennummer</strong></li></ul><a href="https://hersteller.example/faq">FAQ</a>',
    );
    expect(clean).toContain('<strong>Seriennummer</strong>');
    expect(clean).toContain('rel="noopener noreferrer nofollow"');
  });
});

describe('showing a message’s HTML', () => {
  const logo = { id: 'att-logo', contentId: '<logo@sommer.example>', mimeType: 'image/png' };
  const url = (id: string) => `/api/cases/case-1/attachments/${id}`;

  it('points a cid: image at the message’s stored attachment and says which it showed', () => {
    const view = messageHtmlForView(
      '<p>Siehe <b>Foto</b>:</p><img src="cid:logo@sommer.example" alt="Logo">',
      [logo, { id: 'att-pdf', contentId: null, mimeType: 'application/pdf' }],
      url,
    );
    expect(view.html).toBe(
      '<p>Siehe <b>Foto</b>:</p><img alt="Logo" src="/api/cases/case-1/attachments/att-logo" />',
    );
    expect([...view.inlineAttachmentIds]).toEqual(['att-logo']);
    expect(view.remoteImages).toBe(0);
  });

  it('finds the attachment whatever the case and percent-encoding of the cid: reference', () => {
    const view = messageHtmlForView(
      '<img src="CID:Logo%40Sommer.example">',
      [{ ...logo, contentId: 'LOGO@sommer.EXAMPLE' }],
      url,
    );
    expect(view.html).toBe('<img alt="" src="/api/cases/case-1/attachments/att-logo" />');
  });

  it('shows no source for a cid: that is not an attachment of the message, or not a raster image', () => {
    const view = messageHtmlForView(
      '<img src="cid:missing@x" alt="fehlt"><img src="cid:page@x" alt="Seite"><img src="cid:vector@x">',
      [
        { id: 'att-html', contentId: 'page@x', mimeType: 'text/html' },
        { id: 'att-svg', contentId: 'vector@x', mimeType: 'image/svg+xml' },
      ],
      url,
    );
    expect(view.html).toBe('<img alt="fehlt" /><img alt="Seite" /><img alt="" />');
    expect(view.inlineAttachmentIds.size).toBe(0);
  });

  it('holds back remote images, whether stored as data-remote-src or written as src', () => {
    const view = messageHtmlForView(
      '<img data-remote-src="https://cdn.example/banner.png" alt="Banner">' +
        '<img src="http://track.example/open.gif"><img src="//cdn.example/x.png">',
      [],
      url,
    );
    expect(view.html).toBe(
      '<img alt="Banner" data-remote-src="https://cdn.example/banner.png" />' +
        '<img alt="" data-remote-src="http://track.example/open.gif" />' +
        '<img alt="" data-remote-src="https://cdn.example/x.png" />',
    );
    expect(view.html).not.toContain(' src=');
    expect(view.remoteImages).toBe(3);
  });

  it('never shows an image from a URL of our own or a held-back source that is not a web address', () => {
    const view = messageHtmlForView(
      '<img src="/api/auth/logout"><img data-remote-src="javascript:alert(1)"><img src="file:///etc/passwd">',
      [],
      url,
    );
    expect(view.html).toBe('<img alt="" /><img alt="" /><img alt="" />');
    expect(view.remoteImages).toBe(0);
  });

  it('keeps raster data: images, drops SVG data, and gives every picture an alt', () => {
    const view = messageHtmlForView(
      '<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml;base64,PHN2Zz4=">',
      [],
      url,
    );
    expect(view.html).toBe('<img alt="" src="data:image/png;base64,iVBORw0KGgo=" /><img alt="" />');
  });

  it('removes everything that could run or reach out of the message box', () => {
    const view = messageHtmlForView(
      '<style>body{display:none}</style><script>alert(1)</script>' +
        '<div style="position:fixed;inset:0" class="overlay" id="root" onmouseover="x()">Text</div>' +
        '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data="x.swf"></object>' +
        '<form action="/api/auth/logout"><button>Los</button></form><svg onload="alert(1)"></svg>' +
        '<a href="javascript:alert(1)">a</a><a href="https://printwerk.example">b</a>' +
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
      [],
      url,
    );
    expect(view.html).toBe(
      '<div>Text</div>Los' +
        '<a rel="noopener noreferrer nofollow" target="_blank">a</a>' +
        '<a href="https://printwerk.example" rel="noopener noreferrer nofollow" target="_blank">b</a>',
    );
  });
});

describe('Content-IDs', () => {
  it('compares a header Content-ID and a cid: URL alike', () => {
    expect(contentIdKey('<Part1.ABC@Sommer.example>')).toBe('part1.abc@sommer.example');
    expect(contentIdKey('cid:Part1.ABC%40Sommer.example')).toBe('part1.abc@sommer.example');
    expect(contentIdKey('cid:broken%zz')).toBe('broken%zz');
  });
});

describe('showing a large mail again', () => {
  it('gives the same view, and a fresh one when the case or the attachments differ', () => {
    const html = `${'<p>Angebot der Woche</p>'.repeat(2_000)}<img src="cid:logo@x">`;
    const logo = { id: 'a1', content_id: 'logo@x', mime_type: 'image/png' };
    const first = showMessageHtml('c1', html, [logo]);
    expect(showMessageHtml('c1', html, [logo])).toEqual(first);
    expect(first.html).toContain('src="/api/cases/c1/attachments/a1"');
    // The message moved to another case (a merge): its pictures are fetched through that case.
    expect(showMessageHtml('c2', html, [logo]).html).toContain('src="/api/cases/c2/attachments/a1"');
    // A reader who may not see the attachment does not get its address.
    expect(showMessageHtml('c1', html, []).html).not.toContain('/attachments/');
  });
});
