import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from './sanitise-html';

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
