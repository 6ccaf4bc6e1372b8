import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import type { Deps } from '../../shared/deps';
import { greetingFor } from '../users/greeting';
import { formatDateText, formatEuroText } from './money-text';
import type { OpenInvoice } from './open-items';
import { findSellerSettingsRow } from './seller-settings';

// Dunning mail goes to the customer's own users only (its billing contacts), each in their
// language, through the outbox in the step's transaction: sent if and only if the step commits.
// Never to a partner: the recipients are read from the customer organisation and nowhere else.

type Language = 'de' | 'en';

const LEVEL_TITLES: Record<Language, Record<1 | 2 | 3, string>> = {
  de: { 1: 'Zahlungserinnerung', 2: '1. Mahnung', 3: '2. Mahnung' },
  en: { 1: 'Payment reminder', 2: 'First dunning notice', 3: 'Second dunning notice' },
};

export const dunningTitle = (level: 1 | 2 | 3, language: Language) => LEVEL_TITLES[language][level];

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The customer's active users: they are its billing contacts. */
async function customerRecipients(trx: Trx, customerId: string) {
  return trx
    .selectFrom('person')
    .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
    .select(['person.email', 'person.locale', 'person.name', 'person.salutation'])
    .where('person.organisation_id', '=', customerId)
    .where('organisation.kind', '=', 'customer')
    .where('person.active', '=', 1)
    .orderBy('person.name')
    .execute();
}

async function mailCustomer(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  customerId: string,
  content: (language: Language, greeting: string) => { subject: string; text: string },
): Promise<void> {
  const link = `${deps.config.publicUrl}/account`;
  for (const person of await customerRecipients(trx, customerId)) {
    const language: Language = person.locale === 'en' ? 'en' : 'de';
    const { subject, text } = content(language, greetingFor(language, person));
    const open = language === 'de' ? 'Ihr Konto:' : 'Your account:';
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: {
        to: person.email,
        subject,
        text: `${text}\n\n${open} ${link}\n`,
        html: `${text
          .split('\n\n')
          .map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
          .join('\n')}\n<p>${escapeHtml(open)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
        locale: language,
      },
    });
  }
}

export type DunningMailFacts = {
  level: 1 | 2 | 3;
  customerName: string;
  invoices: OpenInvoice[];
  feeCents: number;
  /** The fee as charged (gross when its type is taxed). */
  feeGrossCents: number;
  blocks: boolean;
};

function dunningContent(
  language: Language,
  greeting: string,
  facts: DunningMailFacts,
  bank: { name: string; iban: string; bic: string | null; bankName: string | null } | null,
) {
  const de = language === 'de';
  const money = (cents: number) => formatEuroText(cents, language);
  const lines = facts.invoices.map((invoice) =>
    de
      ? `- Rechnung ${invoice.number}, fällig am ${formatDateText(invoice.dueDate, 'de')}: offen ${money(invoice.openCents)}`
      : `- Invoice ${invoice.number}, due ${formatDateText(invoice.dueDate, 'en')}: ${money(invoice.openCents)} open`,
  );
  const open = facts.invoices.reduce((sum, invoice) => sum + invoice.openCents, 0);
  const title = dunningTitle(facts.level, language);
  const parts = [
    greeting,
    de
      ? `${facts.level === 1 ? 'sicher ist es Ihrer Aufmerksamkeit entgangen:' : 'trotz unserer Erinnerung'} folgende Rechnungen sind noch nicht bezahlt:`
      : `${facts.level === 1 ? 'perhaps this has escaped your notice:' : 'despite our reminder,'} the following invoices are still unpaid:`,
    lines.join('\n'),
    de ? `Offen insgesamt: ${money(open)}` : `Open in total: ${money(open)}`,
  ];
  if (facts.feeCents > 0) {
    parts.push(
      de
        ? `Für diese Mahnung berechnen wir eine Mahngebühr von ${money(facts.feeGrossCents)}; sie erscheint auf Ihrer nächsten Rechnung.`
        : `We charge a dunning fee of ${money(facts.feeGrossCents)} for this notice; it will appear on your next invoice.`,
    );
  }
  if (bank) {
    const bankLines = [
      de ? `Empfänger: ${bank.name}` : `Payee: ${bank.name}`,
      `IBAN: ${bank.iban.replace(/(.{4})/g, '$1 ').trim()}`,
      ...(bank.bic ? [`BIC: ${bank.bic}`] : []),
      ...(bank.bankName ? [de ? `Bank: ${bank.bankName}` : `Bank: ${bank.bankName}`] : []),
      de
        ? `Verwendungszweck: ${facts.invoices.map((i) => i.number).join(', ')}`
        : `Reference: ${facts.invoices.map((i) => i.number).join(', ')}`,
    ];
    parts.push(
      `${de ? 'Bitte überweisen Sie den Betrag auf unser Konto:' : 'Please transfer the amount to:'}\n${bankLines.join('\n')}`,
    );
  }
  if (facts.blocks) {
    parts.push(
      de
        ? 'Bis die offenen Beträge bezahlt sind, ist unser Service für Sie gesperrt. Ihr Kundenportal bleibt erreichbar: dort können Sie Ihre Rechnungen herunterladen. Sobald die Zahlung eingegangen ist, heben wir die Sperre automatisch auf.'
        : 'Until the open amounts are paid, our service is blocked for you. Your customer portal stays available, so you can download your invoices there. Once the payment has arrived, the block is lifted automatically.',
    );
  }
  parts.push(
    de
      ? 'Falls Sie bereits bezahlt haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.'
      : 'If you have already paid, please disregard this message.',
  );
  return { subject: `${title}: ${facts.customerName}`, text: parts.join('\n\n') };
}

/** Queues the level's notice to the customer's users (in the step's transaction). */
export async function mailDunningNotice(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  customerId: string,
  facts: DunningMailFacts,
): Promise<void> {
  const seller = await findSellerSettingsRow(trx);
  const bank = seller
    ? { name: seller.legal_name, iban: seller.iban, bic: seller.bic, bankName: seller.bank_name }
    : null;
  await mailCustomer(trx, deps, customerId, (language, greeting) =>
    dunningContent(language, greeting, facts, bank),
  );
}

/** Tells the customer's users that the service is available again. */
export async function mailBlockLifted(
  trx: Trx,
  deps: Pick<Deps, 'clock' | 'config'>,
  customerId: string,
): Promise<void> {
  await mailCustomer(trx, deps, customerId, (language, greeting) =>
    language === 'de'
      ? {
          subject: 'Ihr Service ist wieder verfügbar',
          text: `${greeting}\n\nvielen Dank für Ihre Zahlung. Die Sperre Ihres Kontos ist aufgehoben; unser Service steht Ihnen wieder zur Verfügung.`,
        }
      : {
          subject: 'Your service is available again',
          text: `${greeting}\n\nthank you for your payment. The block on your account has been lifted; our service is available to you again.`,
        },
  );
}
