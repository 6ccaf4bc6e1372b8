import { describe, expect, it } from 'vitest';
import { senderStanding } from './sender-standing';

const kase = { customerId: 'customer-a', partnerId: 'partner-a' };

describe('senderStanding', () => {
  it("lets the case's own customer and partner write as themselves", () => {
    expect(senderStanding({ organisationId: 'customer-a', organisationKind: 'customer' }, kase)).toEqual({
      side: 'customer',
      review: false,
    });
    expect(senderStanding({ organisationId: 'partner-a', organisationKind: 'partner' }, kase)).toEqual({
      side: 'partner',
      review: false,
    });
  });

  it('keeps a contact of another customer or partner internal and asks for a review', () => {
    expect(senderStanding({ organisationId: 'customer-b', organisationKind: 'customer' }, kase)).toEqual({
      side: 'third_party',
      review: true,
    });
    expect(senderStanding({ organisationId: 'partner-b', organisationKind: 'partner' }, kase)).toEqual({
      side: 'third_party',
      review: true,
    });
  });

  it('keeps a contact whose organisation is only a guess internal until someone checked it', () => {
    expect(
      senderStanding({ organisationId: 'customer-a', organisationKind: 'customer', needsReview: true }, kase),
    ).toEqual({ side: 'third_party', review: true });
    // Opening a case of their own, they write as the organisation they were matched to.
    expect(
      senderStanding({ organisationId: 'customer-a', organisationKind: 'customer', needsReview: true }, null)
        .side,
    ).toBe('customer');
  });

  it('keeps third parties and the operator internal without a review', () => {
    for (const organisationKind of ['third_party', 'operator'] as const) {
      expect(senderStanding({ organisationId: 'x', organisationKind }, kase)).toEqual({
        side: 'third_party',
        review: false,
      });
    }
  });

  it('keeps a mail without any sender internal on an existing case', () => {
    expect(senderStanding(null, kase)).toEqual({ side: 'third_party', review: false });
  });

  it('on a new case, the sender opens it as what their organisation is', () => {
    expect(senderStanding({ organisationId: 'customer-b', organisationKind: 'customer' }, null).side).toBe(
      'customer',
    );
    expect(senderStanding({ organisationId: 'partner-b', organisationKind: 'partner' }, null).side).toBe(
      'partner',
    );
  });
});
