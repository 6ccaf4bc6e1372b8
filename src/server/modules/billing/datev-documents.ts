import type { Deps } from '../../shared/deps';
import type { Scope } from '../../shared/scope';
import type { DocumentSource } from './datev-archive';

// The documents an archive carries per invoice. Rendered invoice documents (PDF, XRechnung) are
// not stored yet, so the archive holds the batch and the index of invoices only.
export function archiveDocumentsOf(_deps: Deps, _scope: Scope): DocumentSource {
  return async () => [];
}
