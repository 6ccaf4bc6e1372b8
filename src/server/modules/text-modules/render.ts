import { TEXT_MODULE_PLACEHOLDERS } from '../../../shared/text-modules';

/** Placeholders a text module may use; the web app's editor lists the same ones. */
export const PLACEHOLDERS = TEXT_MODULE_PLACEHOLDERS;
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

// Closing lines a sign-off starts with. The reply mail adds the greeting, the agent's name and the
// mailbox (mail/templates.ts caseReplyMail); a text module that signs as well would sign twice.
const SIGN_OFF =
  /^(mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|kind regards|best regards|regards|sincerely|yours sincerely)[,.!]?$/i;

/**
 * The text without its sign-off: the last paragraph that starts with a closing line ("Mit
 * freundlichen Grüßen", "Kind regards") is dropped, with what follows it (name, case number), as
 * the mail signs once below the text.
 */
export function withoutSignOff(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!SIGN_OFF.test(lines[i]!.trim())) continue;
    // Only a closing that begins a paragraph and ends the text (its name lines may follow).
    if (i > 0 && lines[i - 1]!.trim() !== '') return text;
    if (lines.slice(i + 1).some((line) => line.trim() === '')) return text;
    return lines.slice(0, i).join('\n').trimEnd();
  }
  return text;
}
