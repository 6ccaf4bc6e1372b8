/**
 * How a person is addressed in mail: 'ms' (Frau), 'mr' (Herr). A person without one (null) is
 * greeted by their full name, which fits everyone and is what we do when we do not know.
 */
export const SALUTATIONS = ['ms', 'mr'] as const;
export type Salutation = (typeof SALUTATIONS)[number];
