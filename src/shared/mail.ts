// Mail vocabulary shared by the intake (server) and the mail page (web).

/**
 * Where an inbound mail stands: stored, filed to a case, waiting for an agent, or (a newsletter,
 * list mail) waiting in the bulk queue an agent empties in one click.
 */
export const INBOUND_STATES = ['received', 'processed', 'needs_attention', 'bulk'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];
