import { describe, expect, it } from 'vitest';
import { messageHtmlForView } from '../cases/sanitise-html';
import { mailHtmlToText, sanitiseMailHtml } from './mail-html';

describe('sanitising mail HTML', () => {
  it('removes scripts, styles, frames, forms and event handlers', () => {
    const { html } = sanitiseMailHtml(
      '<style>p{}</style><script>alert(1)</script><p onclick="x()">Hallo</p>' +
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="pw"></form>',
    );
    expect(html).toBe('<p>Hallo</p>');
  });

  it('holds back remote images: data-remote-src instead of src, and counts them', () => {
    const result = sanitiseMailHtml(
      '<img src="https://track.example/open.gif?id=1" alt="Logo"><img src="http://cdn.example/a.png">',
    );
    expect(result.remoteImages).toBe(2);
    expect(result.html).toBe(
      '<img alt="Logo" data-remote-src="https://track.example/open.gif?id=1" />' +
        '<img data-remote-src="http://cdn.example/a.png" alt="" />',
    );
    expect(result.html).not.toContain(' src=');
  });

  it('treats a protocol-relative image as remote', () => {
    const result = sanitiseMailHtml('<img src="//cdn.example/x.png">');
    expect(result).toEqual({
      html: '<img data-remote-src="https://cdn.example/x.png" alt="" />',
      remoteImages: 1,
    });
  });

  it('ignores a data-remote-src written by the sender', () => {
    const result = sanitiseMailHtml('<img data-remote-src="javascript:alert(1)" alt="x">');
    expect(result).toEqual({ html: '<img alt="x" />', remoteImages: 0 });
  });

  it('keeps inline cid: images and raster data: images', () => {
    const { html, remoteImages } = sanitiseMailHtml(
      '<img src="cid:logo@sommer.example"><img src="data:image/png;base64,iVBORw0KGgo=">',
    );
    expect(html).toBe(
      '<img src="cid:logo@sommer.example" /><img src="data:image/png;base64,iVBORw0KGgo=" />',
    );
    expect(remoteImages).toBe(0);
  });

  it('drops image sources that are scripts, SVG data or local files', () => {
    const { html } = sanitiseMailHtml(
      '<img src="javascript:alert(1)"><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="file:///etc/passwd">',
    );
    expect(html).toBe('<img /><img /><img />');
  });

  it('drops every style attribute, so CSS background images cannot load', () => {
    const { html } = sanitiseMailHtml(
      '<table background="https://t.example/bg.png"><tr><td style="background:url(https://t.example/p.png)">x</td></tr></table>',
    );
    expect(html).toBe('<table><tr><td>x</td></tr></table>');
  });

  it('opens links in a new tab without referrer and removes javascript: links', () => {
    const { html } = sanitiseMailHtml(
      '<a href="https://printwerk.example">ok</a><a href="javascript:alert(1)">bad</a>',
    );
    expect(html).toBe(
      '<a href="https://printwerk.example" rel="noopener noreferrer nofollow" target="_blank">ok</a>' +
        '<a rel="noopener noreferrer nofollow" target="_blank">bad</a>',
    );
  });

  it('does not show the document title as body text', () => {
    expect(sanitiseMailHtml('<html><head><title>Vorlage</title></head><body>Text</body></html>').html).toBe(
      'Text',
    );
  });
});

describe('an HTML mail on the timeline', () => {
  it('shows the stored mail with its inline image from the attachment and its remote image held back', () => {
    const stored = sanitiseMailHtml(
      '<html><head><style>p{color:red}</style></head><body><p>Das <b>Druckbild</b>:</p>' +
        '<img src="cid:foto@kunde.example" alt="Foto"><img src="https://track.example/p.gif" width="1">' +
        '<script>alert(1)</script></body></html>',
    );
    const view = messageHtmlForView(
      stored.html,
      [{ id: 'a1', contentId: '<foto@kunde.example>', mimeType: 'image/jpeg' }],
      (id) => `/api/cases/c1/attachments/${id}`,
    );
    expect(view.html).toBe(
      '<p>Das <b>Druckbild</b>:</p><img alt="Foto" src="/api/cases/c1/attachments/a1" />' +
        '<img width="1" alt="" data-remote-src="https://track.example/p.gif" />',
    );
    expect(view.remoteImages).toBe(stored.remoteImages);
  });
});

describe('turning mail HTML into text', () => {
  it('breaks lines at block ends and decodes entities', () => {
    expect(
      mailHtmlToText('<p>Hallo&nbsp;Herr &lt;Muster&gt;,</p><div>Zeile 2<br>Zeile 3</div><p>A &amp; B</p>'),
    ).toBe('Hallo Herr <Muster>,\nZeile 2\nZeile 3\nA & B');
  });

  it('leaves out scripts, styles and the title', () => {
    expect(
      mailHtmlToText(
        '<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>Text</body></html>',
      ),
    ).toBe('Text');
  });
});
