// Mail vocabulary shared by the intake (server) and the mail page (web).

/** Where an inbound mail stands: stored, filed to a case, or waiting for an agent. */
export const INBOUND_STATES = ['received', 'processed', 'needs_attention'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];
