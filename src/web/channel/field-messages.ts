// The API names every field problem in English ("must not be empty", "must be at most 90 days");
// the forms show it at its field in the user's language. Each known message (zod's in the channel
// schemas, the services' own, zod's defaults) is matched here to an i18n key (fieldMessages.*) with
// its numbers and dates; an unknown one is shown as sent with the field it names
// (components/field-errors.ts), so nothing the server says is lost.

export type FieldMessage = { key: string; params: Record<string, string>; date?: string };

const RULES: [RegExp, string, ((m: RegExpMatchArray) => Record<string, string>)?][] = [
  [/^(must not be empty|is required|Invalid input: expected \w+, received undefined)$/, 'required'],
  [/^must have at most (\d+) characters$/, 'maxChars', (m) => ({ max: m[1]! })],
  [/^must have at least (\d+) characters$/, 'minChars', (m) => ({ min: m[1]! })],
  // zod's own words, where a schema gives none of its own (mailboxes, checklists, groups).
  [/^Too small: expected string to have >=1 characters?$/, 'required'],
  [/^Too small: expected string to have >=(\d+) characters$/, 'minChars', (m) => ({ min: m[1]! })],
  [/^Too big: expected string to have <=(\d+) characters$/, 'maxChars', (m) => ({ max: m[1]! })],
  [/^Too small: expected array to have >=(\d+) items?$/, 'tooFew', (m) => ({ min: m[1]! })],
  [/^Too big: expected array to have <=(\d+) items?$/, 'tooMany', (m) => ({ max: m[1]! })],
  [/^Invalid UUID$/, 'id'],
  [/^Invalid email address$/, 'email'],
  [
    /^(?:Invalid option: expected one of|must be one of:?) (.+)$/,
    'oneOf',
    (m) => ({
      values: m[1]!
        .replace(/"/g, '')
        .split(/\s*[|,]\s*/)
        .join(', '),
    }),
  ],
  [/^(Invalid input: expected boolean, received \w+|must be true or false)$/, 'boolean'],
  [/^must be a (date|calendar day) YYYY-MM-DD$/, 'date'],
  [/^must be a date and time \(ISO 8601\)$/, 'dateTime'],
  [/^must be a number( of cents| of days)?$/, 'number'],
  [/^must be (a )?whole (number|cents|number of days)$/, 'whole'],
  [/^(must be 0 or more|must not be negative)$/, 'notNegative'],
  [/^must be at least (\d+)( days?| km)?$/, 'atLeast', (m) => ({ min: m[1]!, unit: m[2]?.trim() ?? '' })],
  [
    /^must be at most (\d+)( days?| km| cents)?$/,
    'atMost',
    (m) => ({ max: m[1]!, unit: m[2]?.trim() ?? '' }),
  ],
  [/^must be an? [a-z ]+ id$/, 'id'],
  [/^must be an active partner$/, 'activePartner'],
  [/^must be an active person of your organisation$/, 'activePerson'],
  [/^must be people of this partner$/, 'partnerPeople'],
  [/^is not a customer organisation$/, 'notCustomer'],
  [/^is not one of your customers$/, 'notYourCustomer'],
  [/^is not an asset of this customer$/, 'notAssetOfCustomer'],
  [/^is not a known grade/, 'unknownGrade'],
  [/^an asset with this serial already exists/, 'serialTaken'],
  [/^must change at least one field$/, 'nothingChanged'],
  [/^must not be before from$/, 'endBeforeStart'],
  [/^must be in the future$/, 'future'],
  [/^the file is empty$/, 'fileEmpty'],
  [/^is larger than the limit of (\d+) MB$/, 'fileTooLarge', (m) => ({ max: m[1]! })],
  // Before the general "is required" below: this one says why and what to do.
  [/^is required while partners cannot escalate/, 'phoneForCallIn'],
  // "is required to resolve a case: choose the cause first" and the like: the field is missing.
  [/^is required\b/, 'required'],
  [/^must not list (a product line|a person) twice$/, 'listedTwice'],
  // A name or e-mail address that another user or group already has.
  [/^already exists$/, 'alreadyExists'],
  [/^must name operator users only$/, 'operatorUsersOnly'],
  // Seller and customer details: say what the field expects, as the server's example does.
  [/^must be a tax number\b/, 'taxNumber'],
  [/^must be a VAT ID\b/, 'vatId'],
  [/^must be a phone number\b/, 'phone'],
  [/^must be a two-letter country code\b/, 'countryCode'],
  [/^must be an e-mail address$/, 'email'],
  // Mailboxes: the IMAP address's form, a group that does not exist.
  [/^must look like imaps?:\/\//, 'imapUrl'],
  [/^is not a known group$/, 'unknownGroup'],
  // Checklists and their runs.
  [/^is not a third party$/, 'notThirdParty'],
  [/^is not an active checklist$/, 'inactiveChecklist'],
  [/^is for \w+ cases, this case is an? \w+$/, 'checklistCaseType'],
  [/^(\S+) is not the step to answer now$/, 'notCurrentStep', (m) => ({ step: m[1]! })],
  [/^(\S+) takes one of (.+)$/, 'takesOneOf', (m) => ({ step: m[1]!, values: m[2]! })],
  [
    /^(\S+) takes a text of (\d+) to (\d+) characters$/,
    'takesText',
    (m) => ({ step: m[1]!, min: m[2]!, max: m[3]! }),
  ],
];

/** Which i18n message an API field message is, with its parameters; null when it is not known. */
export function fieldMessageOf(message: string): FieldMessage | null {
  const before = /^must not be before the lead was created \((\d{4}-\d\d-\d\d)\)$/.exec(message);
  if (before) return { key: 'outcomeBeforeLead', params: {}, date: before[1]! };
  const ahead = /^must not be more than a year ahead \((\d{4}-\d\d-\d\d) at the latest\)$/.exec(message);
  if (ahead) return { key: 'outcomeTooFarAhead', params: {}, date: ahead[1]! };
  for (const [pattern, key, params] of RULES) {
    const match = pattern.exec(message);
    if (match) return { key, params: params?.(match) ?? {} };
  }
  return null;
}

/** Every key `fieldMessageOf` can give (the i18n files must have each, in German and English). */
export const FIELD_MESSAGE_KEYS = [...RULES.map(([, key]) => key), 'outcomeBeforeLead', 'outcomeTooFarAhead'];
