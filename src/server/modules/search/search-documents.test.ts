import { describe, expect, it } from 'vitest';
import { documentsToAppendTo, type SearchDocumentKey, searchDocumentsOf } from './search-documents';

const PUBLIC: SearchDocumentKey = { visibility: 'public', partnerOrganisationId: '' };
const INTERNAL: SearchDocumentKey = { visibility: 'internal', partnerOrganisationId: '' };
const partnerDoc = (id: string): SearchDocumentKey => ({ visibility: 'partner', partnerOrganisationId: id });

describe('search documents of a case', () => {
  it('keeps a case with public text only in one document', () => {
    expect(searchDocumentsOf([{ text: 'Drucker', visibility: 'public' }])).toEqual([
      { ...PUBLIC, texts: ['Drucker'] },
    ]);
  });

  it('gives a partner its own document with the public text and its partner text', () => {
    const documents = searchDocumentsOf([
      { text: 'Drucker', visibility: 'public' },
      { text: 'Ersatzgerät', visibility: 'partner', partnerOrganisationId: 'p1' },
    ]);
    expect(documents).toEqual([
      { ...PUBLIC, texts: ['Drucker'] },
      { ...partnerDoc('p1'), texts: ['Drucker', 'Ersatzgerät'] },
    ]);
  });

  it('gives the operator one document with all text once text is not in a single partner document', () => {
    const documents = searchDocumentsOf([
      { text: 'Drucker', visibility: 'public' },
      { text: 'Ersatzgerät', visibility: 'partner', partnerOrganisationId: 'p1' },
      { text: 'Altgerät', visibility: 'partner', partnerOrganisationId: 'p2' },
    ]);
    expect(documents.find((doc) => doc.visibility === 'internal')?.texts).toEqual([
      'Drucker',
      'Ersatzgerät',
      'Altgerät',
    ]);
    expect(documents.find((doc) => doc.partnerOrganisationId === 'p2')?.texts).toEqual([
      'Drucker',
      'Altgerät',
    ]);
  });

  it('keeps internal text and partner text without a partner organisation out of every other document', () => {
    const documents = searchDocumentsOf([
      { text: 'Drucker', visibility: 'public' },
      { text: 'Mahnung', visibility: 'internal' },
      { text: 'Händlernotiz', visibility: 'partner', partnerOrganisationId: null },
    ]);
    expect(documents).toEqual([
      { ...PUBLIC, texts: ['Drucker'] },
      { ...INTERNAL, texts: ['Drucker', 'Mahnung', 'Händlernotiz'] },
    ]);
  });

  it('appends public text to every document and other text only to its readers', () => {
    const existing = [PUBLIC, partnerDoc('p1'), partnerDoc('p2'), INTERNAL];
    expect(documentsToAppendTo(existing, { text: 'x', visibility: 'public' })).toEqual(existing);
    expect(
      documentsToAppendTo(existing, { text: 'x', visibility: 'partner', partnerOrganisationId: 'p2' }),
    ).toEqual([partnerDoc('p2'), INTERNAL]);
    expect(documentsToAppendTo(existing, { text: 'x', visibility: 'internal' })).toEqual([INTERNAL]);
  });

  it('asks for a rebuild when the document a text needs is missing', () => {
    expect(documentsToAppendTo([], { text: 'x', visibility: 'public' })).toBeNull();
    expect(documentsToAppendTo([PUBLIC], { text: 'x', visibility: 'internal' })).toBeNull();
    expect(
      documentsToAppendTo([PUBLIC, partnerDoc('p1')], {
        text: 'x',
        visibility: 'partner',
        partnerOrganisationId: 'p2',
      }),
    ).toBeNull();
    expect(
      documentsToAppendTo([PUBLIC, partnerDoc('p1')], {
        text: 'x',
        visibility: 'partner',
        partnerOrganisationId: 'p1',
      }),
    ).toEqual([partnerDoc('p1')]);
  });
});
