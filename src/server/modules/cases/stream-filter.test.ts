import { describe, expect, it } from 'vitest';
import type { Visibility } from './case.table';
import type { CaseChange } from './live';
import { sseFrame, streamEventOf, streamVerdict } from './stream-filter';

const PARTNER_A = 'partner-a';
const CUSTOMER_A1 = 'customer-a1';

function change(overrides: Partial<CaseChange> = {}): CaseChange {
  return {
    caseId: 'case-1',
    number: 'CD-2026-000001',
    customerId: CUSTOMER_A1,
    partnerId: PARTNER_A,
    type: 'message_added',
    visibility: 'public',
    partnerOrganisationId: null,
    at: '2026-11-24T09:00:00.000Z',
    ...overrides,
  };
}

describe('streamVerdict', () => {
  it('shows the operator every change, internal ones too', () => {
    const operator = { audience: 'operator', organisationId: 'operator' } as const;
    for (const visibility of ['public', 'partner', 'internal'] as Visibility[]) {
      expect(streamVerdict(operator, change({ visibility, partnerId: null }))).toBe('show');
    }
  });

  it('shows a customer only public changes of its own organisation’s cases', () => {
    const customer = { audience: 'customer', organisationId: CUSTOMER_A1 } as const;
    expect(streamVerdict(customer, change())).toBe('show');
    expect(streamVerdict(customer, change({ visibility: 'partner' }))).toBe('hide');
    expect(streamVerdict(customer, change({ visibility: 'internal' }))).toBe('hide');
    expect(streamVerdict(customer, change({ customerId: 'someone-else' }))).toBe('hide');
  });

  it('asks the case rule before showing a partner anything, even on a case it is on', () => {
    const partner = { audience: 'partner', organisationId: PARTNER_A } as const;
    // The rule hides some case types (invoice requests) from every partner.
    expect(streamVerdict(partner, change())).toBe('if-case-visible');
    expect(streamVerdict(partner, change({ visibility: 'partner', partnerOrganisationId: PARTNER_A }))).toBe(
      'if-case-visible',
    );
    expect(streamVerdict(partner, change({ visibility: 'internal' }))).toBe('hide');
    expect(streamVerdict(partner, change({ partnerId: 'partner-b' }))).toBe('if-case-visible');
    expect(streamVerdict(partner, change({ partnerId: null }))).toBe('if-case-visible');
    expect(streamVerdict(partner, change({ partnerId: null, visibility: 'internal' }))).toBe('hide');
  });

  it('hides a partner note of another partner, even on a case the partner is on', () => {
    const partner = { audience: 'partner', organisationId: PARTNER_A } as const;
    expect(
      streamVerdict(partner, change({ visibility: 'partner', partnerOrganisationId: 'partner-b' })),
    ).toBe('hide');
    expect(streamVerdict(partner, change({ visibility: 'partner', partnerOrganisationId: null }))).toBe(
      'hide',
    );
  });
});

describe('streamEventOf', () => {
  it('tells which case changed and how, but not who is involved', () => {
    const event = streamEventOf(change({ visibility: 'partner' }));
    expect(event).toEqual({
      caseId: 'case-1',
      number: 'CD-2026-000001',
      type: 'message_added',
      at: '2026-11-24T09:00:00.000Z',
    });
  });
});

describe('sseFrame', () => {
  it('writes one event with its JSON on a single data line', () => {
    expect(sseFrame('case', { note: 'a\nb' })).toBe('event: case\ndata: {"note":"a\\nb"}\n\n');
  });
});
