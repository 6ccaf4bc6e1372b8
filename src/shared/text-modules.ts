/** Placeholders a text module may use; each is filled from the case it is inserted into. */
export const TEXT_MODULE_PLACEHOLDERS = [
  'case.number',
  'case.subject',
  'case.status',
  'customer.name',
  'customer.number',
  'contact.name',
  /** "Sehr geehrte Frau Sommer," / "Dear Mr Kaya," / "Guten Tag Max Mustermann,": by salutation, in the contact's language. */
  'contact.greeting',
  'partner.name',
  'agent.name',
] as const;
