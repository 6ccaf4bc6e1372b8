import { describe, expect, it } from 'vitest';
import { invoiceReplyText } from './reply-text';

describe('the reply that carries the invoices', () => {
  it('greets the contact in German and names the attached invoice', () => {
    expect(
      invoiceReplyText({
        language: 'de',
        contact: { name: 'Anna Sommer', salutation: null },
        invoices: [{ number: 'RE-2026-000042', notSubject: true }],
        withFiles: true,
        sellerName: 'Printwerk Systeme AG',
      }),
    ).toBe(
      [
        'Guten Tag Anna Sommer,',
        '',
        'anbei Ihre Rechnung RE-2026-000042, jeweils als PDF und als E-Rechnung (XRechnung).',
        'Sie finden sie auch im Kundenportal unter „Mein Konto“.',
        '',
        'Mit freundlichen Grüßen',
        'Printwerk Systeme AG',
      ].join('\n'),
    );
  });

  it('greets a contact with a salutation formally, by surname', () => {
    const text = (language: 'de' | 'en') =>
      invoiceReplyText({
        language,
        contact: { name: 'Anna Sommer', salutation: 'ms' },
        invoices: [{ number: 'RE-2026-000042', notSubject: false }],
        withFiles: true,
        sellerName: null,
      });
    expect(text('de').split('\n')[0]).toBe('Sehr geehrte Frau Sommer,');
    expect(text('en').split('\n')[0]).toBe('Dear Ms Sommer,');
  });

  it('explains in English why fees came on a document of their own', () => {
    const text = invoiceReplyText({
      language: 'en',
      contact: null,
      invoices: [
        { number: 'RE-2026-000043', notSubject: false },
        { number: 'RE-2026-000044', notSubject: true },
      ],
      withFiles: false,
      sellerName: null,
    });
    expect(text).toContain('Hello,');
    expect(text).toContain('your invoices RE-2026-000043 and RE-2026-000044 are ready.');
    expect(text).toContain('not subject to VAT');
    expect(text).toContain('“My account”');
  });
});
