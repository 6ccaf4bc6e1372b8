// The leak guard's vocabulary, shared by the server (request bodies) and the web app (refusals).
import { z } from 'zod';

/** What the guard finds: a note's words, the billing state, another customer. */
export const LEAK_KINDS = ['internal_note', 'billing_state', 'other_customer'] as const;
export type LeakKind = (typeof LEAK_KINDS)[number];

/**
 * Operator admins: store a text the leak guard stopped anyway (a reply, a return's reason, a
 * decision, a commitment, an appointment note); audited with the reason.
 */
export const LeakOverrideBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });
