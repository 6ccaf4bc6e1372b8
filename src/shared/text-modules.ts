/** Placeholders a text module may use; each is filled from the case it is inserted into. */
export const TEXT_MODULE_PLACEHOLDERS = [
  'case.number',
  'case.subject',
  'case.status',
  'customer.name',
  'customer.number',
  'contact.name',
  'partner.name',
  'agent.name',
] as const;
