import type { Visibility } from '../../../shared/cases';

// A case's search text is kept in one document per reader, so a search can only match what its
// caller may read (cases/access.ts says who reads which entry):
//
// - public: the public text. Everyone who sees the case reads it.
// - partner, per partner organisation: the public text and that organisation's partner text.
//   Only that organisation (and the operator) reads it.
// - internal: all the text. Only the operator reads it. It exists when some text is the
//   operator's alone (internal notes, partner text that belongs to no partner organisation) or
//   two partner organisations have text, so the operator always has one document with all text.
//
// Each reader therefore has one document that holds everything it may read, and reads no
// document that holds more: a query whose words are spread over several entries still matches,
// and never through text the caller may not read.

/** A piece of a case's text (a message, a fact, the subject) and who may read it. */
export type CaseSearchText = {
  text: string;
  /** The visibility of the entry the text comes from. */
  visibility: Visibility;
  /** For partner text: the partner organisation it belongs to; null when none (operator only). */
  partnerOrganisationId?: string | null;
};

/** One search document of a case: its visibility and, for a partner document, whose it is ('' otherwise). */
export type SearchDocumentKey = { visibility: Visibility; partnerOrganisationId: string };

export type SearchDocument = SearchDocumentKey & { texts: string[] };

type Reader =
  | { kind: 'everyone' }
  | { kind: 'partner'; partnerOrganisationId: string }
  | { kind: 'operator' };

function readerOf(text: CaseSearchText): Reader {
  if (text.visibility === 'public') return { kind: 'everyone' };
  if (text.visibility === 'partner' && text.partnerOrganisationId)
    return { kind: 'partner', partnerOrganisationId: text.partnerOrganisationId };
  return { kind: 'operator' };
}

const PUBLIC: SearchDocumentKey = { visibility: 'public', partnerOrganisationId: '' };
const INTERNAL: SearchDocumentKey = { visibility: 'internal', partnerOrganisationId: '' };

function sameDocument(a: SearchDocumentKey, b: SearchDocumentKey): boolean {
  return a.visibility === b.visibility && a.partnerOrganisationId === b.partnerOrganisationId;
}

/** The documents a case's texts make; the public one always, the others when they have text. */
export function searchDocumentsOf(texts: readonly CaseSearchText[]): SearchDocument[] {
  const everyone: string[] = [];
  const byPartner = new Map<string, string[]>();
  const operatorOnly: string[] = [];
  for (const piece of texts) {
    const reader = readerOf(piece);
    if (reader.kind === 'everyone') everyone.push(piece.text);
    else if (reader.kind === 'operator') operatorOnly.push(piece.text);
    else
      byPartner.set(reader.partnerOrganisationId, [
        ...(byPartner.get(reader.partnerOrganisationId) ?? []),
        piece.text,
      ]);
  }
  const documents: SearchDocument[] = [{ ...PUBLIC, texts: everyone }];
  for (const [partnerOrganisationId, own] of byPartner)
    documents.push({ visibility: 'partner', partnerOrganisationId, texts: [...everyone, ...own] });
  if (operatorOnly.length > 0 || byPartner.size > 1)
    documents.push({ ...INTERNAL, texts: [...everyone, ...[...byPartner.values()].flat(), ...operatorOnly] });
  return documents;
}

/**
 * The existing documents a new piece of text goes into, or null when a document it needs is
 * missing (its first partner or internal text, or a case without documents): rebuild the case's
 * documents then.
 */
export function documentsToAppendTo(
  existing: readonly SearchDocumentKey[],
  text: CaseSearchText,
): SearchDocumentKey[] | null {
  const reader = readerOf(text);
  const internal = existing.find((doc) => sameDocument(doc, INTERNAL));
  if (reader.kind === 'everyone')
    return existing.some((doc) => sameDocument(doc, PUBLIC)) ? [...existing] : null;
  if (reader.kind === 'operator') return internal ? [internal] : null;
  const own = existing.find((doc) =>
    sameDocument(doc, { visibility: 'partner', partnerOrganisationId: reader.partnerOrganisationId }),
  );
  if (!own) return null;
  return internal ? [own, internal] : [own];
}
