// The public reply that carries the requested invoices, in the customer's language. It names the
// documents and nothing else of the account: no balance, no payment status, no dunning level
// (a public reply must never carry internal data, DESIGN principle 5).
import { type Greeted, greetingFor } from '../../users/greeting';

export type ReplyInvoice = { number: string; notSubject: boolean };

function joinNumbers(numbers: string[], and: string): string {
  return numbers.length <= 1
    ? (numbers[0] ?? '')
    : `${numbers.slice(0, -1).join(', ')} ${and} ${numbers.at(-1)}`;
}

/** The reply's text; `withFiles` says whether the documents are attached (else: in the portal). */
export function invoiceReplyText(input: {
  language: 'de' | 'en';
  /** The request's contact; without one the reply opens with a plain "Guten Tag,". */
  contact: Greeted | null;
  invoices: ReplyInvoice[];
  withFiles: boolean;
  sellerName: string | null;
}): string {
  const numbers = input.invoices.map((inv) => inv.number);
  const several = numbers.length > 1;
  const greeting = greetingFor(input.language, input.contact ?? { name: '', salutation: null });
  const split = several && input.invoices.some((inv) => inv.notSubject);
  if (input.language === 'en') {
    return [
      greeting,
      '',
      input.withFiles
        ? `please find attached your ${several ? 'invoices' : 'invoice'} ${joinNumbers(numbers, 'and')}, each as a PDF and as an e-invoice (XRechnung).`
        : `your ${several ? 'invoices' : 'invoice'} ${joinNumbers(numbers, 'and')} ${several ? 'are' : 'is'} ready.`,
      ...(split
        ? [
            'Fees passed on as damages are not subject to VAT; they are on a document of their own, as the e-invoice rules require.',
          ]
        : []),
      `You can also download ${several ? 'them' : 'it'} in the customer portal under “My account”.`,
      '',
      'Kind regards',
      input.sellerName ?? '',
    ]
      .join('\n')
      .trimEnd();
  }
  return [
    greeting,
    '',
    input.withFiles
      ? `anbei ${several ? 'Ihre Rechnungen' : 'Ihre Rechnung'} ${joinNumbers(numbers, 'und')}, jeweils als PDF und als E-Rechnung (XRechnung).`
      : `${several ? 'Ihre Rechnungen' : 'Ihre Rechnung'} ${joinNumbers(numbers, 'und')} ${several ? 'stehen' : 'steht'} bereit.`,
    ...(split
      ? [
          'Gebühren, die als Schadensersatz weiterberechnet werden, sind nicht umsatzsteuerbar; sie stehen deshalb auf einer eigenen Rechnung, wie es die Regeln der E-Rechnung verlangen.',
        ]
      : []),
    'Sie finden sie auch im Kundenportal unter „Mein Konto“.',
    '',
    'Mit freundlichen Grüßen',
    input.sellerName ?? '',
  ]
    .join('\n')
    .trimEnd();
}
