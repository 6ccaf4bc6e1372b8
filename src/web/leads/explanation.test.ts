import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { explainRouting, shortRoutingReason } from './explanation';
import type { LeadExplanation } from './types';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: 'de',
    interpolation: { escapeValue: false },
  });
});

const explain = (explanation: LeadExplanation, language: 'de' | 'en') =>
  explainRouting(explanation, i18n.getFixedT(language), language);

const NORDWEST = { partnerId: 'p1', partnerName: 'Nordwest IT GmbH' };

// One of each code the router (and a channel manager's choice) stores.
const EXPLANATIONS: LeadExplanation[] = [
  {
    code: 'reseller_of_record',
    params: {
      ...NORDWEST,
      of: 'asset',
      distanceKm: 3.2,
      overCapacity: true,
      outsideRadius: false,
      assetRecord: null,
    },
    summary: '',
  },
  { code: 'reseller_of_record_tried', params: { ...NORDWEST, of: 'customer' }, summary: '' },
  {
    code: 'reseller_of_record_not_active',
    params: { ...NORDWEST, of: 'customer', status: 'suspended' },
    summary: '',
  },
  {
    code: 'nearest',
    params: {
      ...NORDWEST,
      distanceKm: 12.3,
      serviceRadiusKm: 50,
      eligibleCount: 4,
      tieBrokenBy: 'grade',
      approximateLocation: true,
    },
    summary: '',
  },
  { code: 'customer_without_coordinates', params: {}, summary: '' },
  {
    code: 'no_eligible_partner',
    params: {
      partnerCount: 12,
      excluded: {
        no_coordinates: 1,
        out_of_radius: 10,
        inactive: 1,
        already_tried: 0,
        product_line: 0,
        at_capacity: 0,
      },
      approximateLocation: false,
    },
    summary: '',
  },
  { code: 'manual', params: { ...NORDWEST, reason: 'Kunde wünscht es' }, summary: '' },
];

describe('routing explanation in the reader’s language', () => {
  it('has a German and an English sentence for every code, without raw keys or placeholders', () => {
    for (const explanation of EXPLANATIONS) {
      for (const language of ['de', 'en'] as const) {
        const sentences = explain(explanation, language);
        expect(sentences.length, explanation.code).toBeGreaterThan(0);
        for (const sentence of [
          ...sentences,
          shortRoutingReason(explanation, i18n.getFixedT(language), language),
        ]) {
          expect(sentence, `${explanation.code} ${language}`).not.toMatch(/leads\.|\{\{|undefined/);
        }
      }
    }
  });

  it('names the reseller of record and what it rests on', () => {
    expect(explain(EXPLANATIONS[0]!, 'de')).toEqual([
      'Nordwest IT GmbH ist der aktive zuständige Fachhändler des Geräts und erhält den Lead.',
      'Seine Kapazität an offenen Leads ist erreicht; der Lead bleibt trotzdem bei ihm.',
    ]);
    expect(explain(EXPLANATIONS[2]!, 'en')[0]).toBe(
      'Nordwest IT GmbH, the reseller of record of the customer, is suspended. The lead waits for the channel manager instead of going to a stranger.',
    );
  });

  it('gives the nearest partner’s distance with the language’s decimal mark', () => {
    expect(explain(EXPLANATIONS[3]!, 'de')[0]).toBe(
      'Kein zuständiger Fachhändler: Nordwest IT GmbH ist mit 12,3 km der nächste von 4 geeigneten Fachhändlern (Einsatzradius 50 km).',
    );
    expect(shortRoutingReason(EXPLANATIONS[3]!, i18n.getFixedT('en'), 'en')).toBe('Nearest (12.3 km)');
  });

  it('counts why nobody was eligible', () => {
    expect(explain(EXPLANATIONS[5]!, 'en')).toEqual([
      'None of the 12 partners is eligible; the lead waits in the queue.',
      'Excluded: 1 not located, 10 outside their service radius, 1 inactive or suspended.',
    ]);
  });
});
