import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  cleanText,
  compactIban,
  contentKeys,
  parseDecimalCents,
  type StatementLine,
  statementError,
} from './statement-line';

// ISO 20022 bank-to-customer statements (camt.053.001.02 to .08), as German banks send them
// for the EBICS/online-banking download. One entry (Ntry) is one booking; a batch booking carries
// one TxDtls per payment in it, and each becomes a payment of its own. Only EUR is taken.

const NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.0([2-8])\b/;

type Node = Record<string, unknown>;
const ARRAYS = new Set(['Stmt', 'Ntry', 'TxDtls', 'Ustrd', 'NtryDtls']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

function child(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Node)[key];
  }
  return current;
}

/** The text of an element, also when it carries attributes (`#text`). */
function text(node: unknown, ...path: string[]): string | null {
  const value = child(node, ...path);
  if (typeof value === 'string') return cleanText(value);
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string') {
    return cleanText((value as Node)['#text'] as string);
  }
  return null;
}

function list(node: unknown, ...path: string[]): unknown[] {
  const value = child(node, ...path);
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** BookgDt/Dt, or the day of BookgDt/DtTm. */
function day(node: unknown): string | null {
  const value = text(node, 'Dt') ?? text(node, 'DtTm');
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match ? match[1]! : null;
}

/** An amount element: EUR only, in cents, never negative (the sign is CdtDbtInd). */
function amount(node: unknown, position: string): number | null {
  const element = child(node);
  if (element === undefined) return null;
  const currency =
    typeof element === 'object' ? ((element as Node)['@_Ccy'] as string | undefined) : undefined;
  if (currency && currency !== 'EUR') {
    throw statementError(position, `the currency ${currency} is not taken; only EUR`);
  }
  const value = text(node);
  const cents = value === null ? null : parseDecimalCents(value, '.');
  if (cents === null || cents < 0) throw statementError(position, `Amt "${value ?? ''}" is not an amount`);
  return cents;
}

/** The other party: the debtor of a credit, the creditor of a debit (v02 Dbtr/Nm, v08 Dbtr/Pty/Nm). */
function party(tx: unknown, credit: boolean) {
  const side = credit ? 'Dbtr' : 'Cdtr';
  const fallback = credit ? 'Cdtr' : 'Dbtr';
  const name = (s: string) => text(tx, 'RltdPties', s, 'Nm') ?? text(tx, 'RltdPties', s, 'Pty', 'Nm');
  const iban = (s: string) => compactIban(text(tx, 'RltdPties', `${s}Acct`, 'Id', 'IBAN'));
  return {
    payerName: name(side) ?? name(fallback),
    payerIban: iban(side) ?? iban(fallback),
  };
}

function reference(tx: unknown): string | null {
  const parts = list(tx, 'RmtInf', 'Ustrd').map((u) => (typeof u === 'string' ? u : text(u)));
  const structured = text(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref');
  if (structured) parts.push(structured);
  return cleanText(parts.filter(Boolean).join(' '));
}

/** Parses a CAMT.053 statement; a 400 names the entry when something is wrong. Nothing is stored here. */
export function parseCamt053(xml: string): StatementLine[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw statementError(`line ${valid.err.line}`, `the XML is not well-formed (${valid.err.msg})`);
  }
  if (!NAMESPACE.test(xml.slice(0, 2000))) {
    throw statementError('Document', 'is not a camt.053 statement (namespace camt.053.001.02 to .08)');
  }
  const document = child(parser.parse(xml), 'Document', 'BkToCstmrStmt');
  const statements = list(document, 'Stmt');
  if (statements.length === 0) throw statementError('Document', 'has no statement (Stmt)');

  const lines: Omit<StatementLine, 'dedupeKey'>[] = [];
  const keys: (string | null)[] = [];
  const contents: string[] = [];
  let entryNumber = 0;
  for (const statement of statements) {
    const account = compactIban(text(statement, 'Acct', 'Id', 'IBAN')) ?? '';
    for (const entry of list(statement, 'Ntry')) {
      entryNumber += 1;
      const position = `entry ${entryNumber}`;
      const status = text(entry, 'Sts', 'Cd') ?? text(entry, 'Sts');
      // Pending and information-only entries are not booked yet; they come again once booked.
      if (status && status !== 'BOOK') continue;
      const indicator = text(entry, 'CdtDbtInd');
      if (indicator !== 'CRDT' && indicator !== 'DBIT') {
        throw statementError(position, `CdtDbtInd "${indicator ?? ''}" must be CRDT or DBIT`);
      }
      const credit = indicator === 'CRDT';
      const entryCents = amount(child(entry, 'Amt'), position);
      if (entryCents === null) throw statementError(position, 'has no Amt');
      const bookingDate = day(child(entry, 'BookgDt'));
      if (!bookingDate) throw statementError(position, 'has no BookgDt');
      const valueDate = day(child(entry, 'ValDt'));
      const entryRef = text(entry, 'AcctSvcrRef');
      const ntryRef = text(entry, 'NtryRef');
      const transactions = list(entry, 'NtryDtls').flatMap((details) => list(details, 'TxDtls'));
      const items = transactions.length > 0 ? transactions : [{}];
      items.forEach((tx, index) => {
        const txPosition = items.length > 1 ? `${position}, TxDtls ${index + 1}` : position;
        const txCents =
          amount(child(tx, 'Amt'), txPosition) ??
          amount(child(tx, 'AmtDtls', 'TxAmt', 'Amt'), txPosition) ??
          (items.length === 1 ? entryCents : null);
        if (txCents === null) throw statementError(txPosition, 'a batch entry needs an amount per TxDtls');
        const endToEnd = text(tx, 'Refs', 'EndToEndId');
        const txRef = text(tx, 'Refs', 'AcctSvcrRef');
        const line = {
          position: txPosition,
          amountCents: credit ? txCents : -txCents,
          bookingDate,
          valueDate,
          ...party(tx, credit),
          reference: reference(tx),
          endToEndId: endToEnd === 'NOTPROVIDED' ? null : endToEnd,
          bankReference: txRef ?? entryRef ?? ntryRef,
        };
        lines.push(line);
        // The bank's own reference identifies a booking for good; without one, what the line says.
        const bankKey = txRef ?? (entryRef ? `${entryRef}:${index + 1}` : null);
        keys.push(bankKey ? `camt:${account}:${bankKey}` : null);
        contents.push(
          [
            account,
            ntryRef ?? '',
            line.amountCents,
            bookingDate,
            valueDate ?? '',
            line.payerIban ?? '',
            line.endToEndId ?? '',
            line.reference ?? '',
            index + 1,
          ].join('|'),
        );
      });
    }
  }
  const fallback = contentKeys('camt', contents);
  return lines.map((line, i) => ({ ...line, dedupeKey: keys[i] ?? fallback[i]! }));
}
