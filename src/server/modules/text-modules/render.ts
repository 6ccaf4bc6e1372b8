/** Placeholders a text module may use; each is filled from the case it is inserted into. */
export const PLACEHOLDERS = [
  'case.number',
  'case.subject',
  'case.status',
  'customer.name',
  'customer.number',
  'contact.name',
  'partner.name',
  'agent.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}/g;

/**
 * Fills `{{customer.name}}`-style placeholders. A placeholder with no value (no contact on the
 * case, say) is left visible and reported in `missing`, so the agent sees the gap before sending.
 */
export function renderTextModule(
  body: string,
  values: Partial<Record<Placeholder, string | null>>,
): { text: string; missing: string[]; unknown: string[] } {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const text = body.replace(PATTERN, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      unknown.add(name);
      return whole;
    }
    const value = values[name as Placeholder];
    if (value === undefined || value === null || value === '') {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, missing: [...missing], unknown: [...unknown] };
}

/** Placeholders in a body that we do not know: rejected when a text module is saved. */
export function unknownPlaceholders(body: string): string[] {
  return renderTextModule(body, {}).unknown;
}
