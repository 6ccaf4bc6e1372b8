// The mail with the return instructions, in the customer's language, and the instructions themselves.
import type { Locale } from '../../../shared/roles';
import type { Deps } from '../../shared/deps';
import { systemScope } from '../../shared/scope';
import { getSellerSettings } from '../billing/service';
import { noticeMail } from '../mail/templates';

/** Used until an operator admin has filled in the seller settings (the demo fills them). */
export const FALLBACK_RETURN_ADDRESS = [
  'Printwerk GmbH',
  'Retourenannahme',
  'Hafenstraße 12',
  '28217 Bremen',
];

const PACKING = {
  de: 'Bitte verpacken Sie die Ware sicher in einem stabilen Karton, legen Sie einen Zettel mit der RMA-Nummer bei und schreiben Sie die RMA-Nummer gut lesbar außen auf das Paket. Unfreie Sendungen können wir nicht annehmen.',
  en: 'Please pack the goods safely in a sturdy box, put a note with the RMA number inside and write the RMA number clearly on the outside of the parcel. We cannot accept parcels sent carriage forward.',
} as const;

export type Instructions = { address: string[]; packing: string };

/** Where the goods go: the seller's address from the settings, with the returns department. */
export async function returnAddress(deps: Pick<Deps, 'db'>): Promise<string[]> {
  const seller = await getSellerSettings(deps, systemScope('returns'));
  if (!seller.configured || !seller.legalName) return FALLBACK_RETURN_ADDRESS;
  return [
    seller.legalName,
    'Retourenannahme',
    seller.street ?? '',
    `${seller.postalCode ?? ''} ${seller.city ?? ''}`.trim(),
  ];
}

export function instructionsFor(address: string[], locale: Locale, rmaNumber: string): Instructions {
  const mark = locale === 'de' ? `RMA-Nummer: ${rmaNumber}` : `RMA number: ${rmaNumber}`;
  return { address, packing: `${PACKING[locale]} ${mark}` };
}

export function authorisedMail(
  locale: Locale,
  input: { rmaNumber: string; caseNumber: string; address: string[]; link: string },
) {
  const packing = PACKING[locale];
  const lines =
    locale === 'de'
      ? [
          `Ihre Rücksendung zum Fall ${input.caseNumber} ist freigegeben. Ihre RMA-Nummer: ${input.rmaNumber}`,
          '',
          'Bitte senden Sie die Ware an:',
          ...input.address,
          '',
          packing,
        ]
      : [
          `Your return for case ${input.caseNumber} is authorised. Your RMA number: ${input.rmaNumber}`,
          '',
          'Please send the goods to:',
          ...input.address,
          '',
          packing,
        ];
  return noticeMail(locale, {
    subject:
      locale === 'de'
        ? `Rücksendung freigegeben: ${input.rmaNumber} (${input.caseNumber})`
        : `Return authorised: ${input.rmaNumber} (${input.caseNumber})`,
    text: lines.join('\n'),
    link: input.link,
  });
}
