import { describe, expect, it } from 'vitest';
import { caseNumbersIn, distinctiveName, findLeaks, type LeakItems } from './leak-guard';

const NOTE =
  'Kunde ist Zahlungsverweigerer, Vorsicht. Der Techniker hat den Router zweimal vergeblich getauscht.\nNicht zusagen!';

function items(over: Partial<LeakItems> = {}): LeakItems {
  return {
    notes: [{ id: 'note-1', text: NOTE }],
    publicTexts: [],
    billingFacts: [],
    otherCustomers: [],
    otherCaseNumbers: [],
    ownCustomerName: 'Bäckerei Sommer GmbH',
    ...over,
  };
}

describe('leak guard: internal notes', () => {
  it('refuses a reply that copies a sentence of the internal note', () => {
    const findings = findLeaks(
      'Guten Tag, der Techniker hat den Router zweimal vergeblich getauscht. Wir melden uns.',
      items(),
    );
    expect(findings).toEqual([
      {
        kind: 'internal_note',
        text: 'der Techniker hat den Router zweimal vergeblich getauscht',
        source: 'note-1',
      },
    ]);
  });

  it('lets a short common phrase through', () => {
    expect(findLeaks('Bitte nicht zusagen, wir prüfen den Router.', items())).toEqual([]);
    expect(findLeaks('Vorsicht: der Techniker kommt morgen.', items())).toEqual([]);
  });

  it('finds the copy in other case, umlauts spelt out and other line breaks', () => {
    const note = items({
      notes: [{ id: 'n', text: 'Die Lieferung wurde wegen Zahlungsrückstand zurückgehalten.' }],
    });
    const findings = findLeaks('DIE LIEFERUNG WURDE WEGEN\nZAHLUNGSRUECKSTAND ZURUECKGEHALTEN', note);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.kind).toBe('internal_note');
  });

  it('finds a whole sentence of 30 characters even with fewer than six words', () => {
    const note = items({
      notes: [{ id: 'n', text: 'Rabattvereinbarung Sonderkondition Geschäftsführung.' }],
    });
    expect(
      findLeaks('Laut Rabattvereinbarung Sonderkondition Geschäftsführung gilt das.', note),
    ).toHaveLength(1);
  });

  it("does not count the customer's own words that the note quoted", () => {
    const customerMail = 'Seit Montag geht das Internet im ganzen Laden nicht mehr.';
    const note = items({
      notes: [{ id: 'n', text: `Kunde schreibt: seit Montag geht das Internet im ganzen Laden nicht mehr.` }],
      publicTexts: [customerMail],
    });
    expect(findLeaks(`Sie schrieben: „${customerMail}“ Wir kümmern uns.`, note)).toEqual([]);
  });
});

describe('leak guard: billing facts', () => {
  const billing = items({ notes: [], billingFacts: ['gesperrt', 'Leistungssperre', '129,00 €', '€129.00'] });

  it('refuses the block state and the amount owed as whole tokens', () => {
    const findings = findLeaks('Ihr Konto ist GESPERRT, offen sind 129,00 EUR.', billing);
    expect(findings.map((f) => [f.kind, f.text])).toEqual([
      ['billing_state', 'GESPERRT'],
      ['billing_state', '129,00'],
    ]);
    expect(findLeaks('You owe €129.00.', billing).map((f) => f.text)).toEqual(['129.00']);
  });

  it('does not take parts of words or other numbers for a fact', () => {
    expect(
      findLeaks('Der Zugang ist entsperrt; Auftrag 129, Betrag 1129,00 € und 129,005.', billing),
    ).toEqual([]);
  });
});

describe('leak guard: other customers', () => {
  const customers = items({
    notes: [],
    otherCustomers: [
      { number: 'K-100002', name: 'Nordwest IT Service GmbH' },
      { number: 'K-100003', name: 'Printwerk Kunde' },
      { number: 'K-100004', name: 'Service GmbH' },
      { number: 'K-100005', name: 'Zahnarztpraxis Dr. Olberg' },
    ],
    otherCaseNumbers: [{ number: 'CD-2026-000042', customerNumber: 'K-100002' }],
  });

  it("refuses another customer's name, number and case number", () => {
    const findings = findLeaks(
      'Bei der nordwest it service gmbh (k-100002) war es genauso, siehe cd-2026-000042.',
      customers,
    );
    expect(findings.map((f) => [f.text, f.source])).toEqual([
      ['k-100002', 'K-100002'],
      ['nordwest it service', 'K-100002'],
      ['cd-2026-000042', 'K-100002'],
    ]);
  });

  it('lets common single words and the own customer through', () => {
    expect(findLeaks('Unser Service meldet sich, Bäckerei Sommer GmbH.', customers)).toEqual([]);
  });

  it('names what makes a name distinctive', () => {
    expect(distinctiveName('Service GmbH')).toBeNull();
    expect(distinctiveName('Müller AG')).toBeNull();
    expect(distinctiveName('Printwerk GmbH')).toEqual(['printwerk']);
    expect(distinctiveName('Bäckerei Sommer GmbH')).toEqual(['baeckerei', 'sommer']);
  });

  it('finds case numbers to look up', () => {
    expect(caseNumbersIn('siehe cd-2026-000042 und CD-2026-000042, nicht CD-26-1')).toEqual([
      'CD-2026-000042',
    ]);
  });
});
