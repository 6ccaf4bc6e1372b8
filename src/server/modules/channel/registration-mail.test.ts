import { describe, expect, it } from 'vitest';
import { registrationConflictMail } from './registration-mail';

// The channel managers' mail about a conflicting registration: what the partner typed reaches the
// mail as text, never as markup or as a second header line.

const input = {
  partnerName: 'Systemhaus <b>Süd</b> GmbH',
  prospectName: 'Bäckerei Sommer\r\nBcc: alle@example.test',
  productLine: 'printers',
  conflicts: [
    { kind: 'reseller_of_record' as const, partnerId: 'p1', partnerName: 'Nordwest IT GmbH' },
    { kind: 'lead' as const, partnerId: 'p2', partnerName: 'Hansa & Söhne' },
  ],
  link: 'https://desk.example/deal-registrations?id=r1&x=<y>',
  recipient: { name: 'Tom Kaya', salutation: 'mr' as const },
};

describe('registration conflict mail', () => {
  it('keeps the subject on one line whatever the prospect’s name holds', () => {
    for (const language of ['de', 'en'] as const) {
      const { subject } = registrationConflictMail(language, input);
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).toContain('Bäckerei Sommer Bcc: alle@example.test');
    }
  });

  it('escapes names and the link in the HTML and lists every conflict in German and English', () => {
    const german = registrationConflictMail('de', input);
    expect(german.html).not.toContain('<b>');
    expect(german.html).toContain('Systemhaus &lt;b&gt;Süd&lt;/b&gt; GmbH');
    expect(german.html).toContain('Hansa &amp; Söhne');
    expect(german.html).toContain('<a href="https://desk.example/deal-registrations?id=r1&amp;x=&lt;y&gt;">');
    expect(german.text).toContain(
      '- Reseller of Record ist Nordwest IT GmbH\n- Hansa & Söhne hält einen Lead für diesen Kunden\n',
    );
    expect(german.text.startsWith('Sehr geehrter Herr Kaya,\n')).toBe(true);
    const english = registrationConflictMail('en', input);
    expect(english.text.startsWith('Dear Mr Kaya,\n')).toBe(true);
    expect(english.text).toContain(
      '- Nordwest IT GmbH is the reseller of record\n- Hansa & Söhne holds a lead for this customer\n',
    );
  });
});
