import { describe, expect, it } from 'vitest';
import { checkInspection, needsReview, transition } from './return-rules';

describe('return state machine', () => {
  it('walks requested → authorised → received → inspected → closed', () => {
    expect(transition('requested', 'authorise')).toEqual({ ok: true, to: 'authorised' });
    expect(transition('authorised', 'receive')).toEqual({ ok: true, to: 'received' });
    expect(transition('received', 'inspect')).toEqual({ ok: true, to: 'inspected' });
    expect(transition('inspected', 'close')).toEqual({ ok: true, to: 'closed' });
  });

  it('refuses skipping a step and acting on an ended return', () => {
    expect(transition('requested', 'receive').ok).toBe(false);
    expect(transition('authorised', 'inspect').ok).toBe(false);
    expect(transition('received', 'close').ok).toBe(false);
    expect(transition('closed', 'reject').ok).toBe(false);
    expect(transition('rejected', 'authorise').ok).toBe(false);
  });

  it('allows a rejection at any open step', () => {
    for (const state of ['requested', 'authorised', 'received', 'inspected'] as const) {
      expect(transition(state, 'reject')).toEqual({ ok: true, to: 'rejected' });
    }
  });
});

describe('receiving inspection', () => {
  it('requires a condition for every item', () => {
    const problem = checkInspection(2, [{ condition: 'as_described' }], 'replacement');
    expect(problem).toMatchObject({ kind: 'field', field: 'items' });
  });

  it('never refunds wrong contents and names the items', () => {
    const problem = checkInspection(
      3,
      [{ condition: 'as_described' }, { condition: 'wrong_contents' }, { condition: 'wrong_contents' }],
      'refund',
    );
    expect(problem).toMatchObject({ kind: 'refund_refused', positions: [2, 3] });
    expect(problem?.message).toContain('item 2, 3');
  });

  it('accepts wrong contents with another outcome and flags the account', () => {
    const items = [{ condition: 'wrong_contents' as const, notes: 'Zeitungspapier' }];
    expect(checkInspection(1, items, 'rejected')).toBeNull();
    expect(needsReview(items)).toBe(true);
    expect(needsReview([{ condition: 'damaged' }])).toBe(false);
  });

  it('refunds goods as described', () => {
    expect(checkInspection(1, [{ condition: 'as_described' }], 'refund')).toBeNull();
  });
});
