// The cases module's public surface: other modules open, read and change cases through these.
export type { Audience } from './access';
export { getCase } from './case-detail';
export { type CaseWork, changeCase, resolveCaseForScope } from './change-case';
export { createCase, openCase } from './create';
export { writeFact } from './facts';
export { type LeakFactsProvider, registerLeakFactsProvider } from './leak-check';
export type { ExternalAuthor, FilingOptions } from './message-author';
export { addMessage } from './messages';
export { publicCaseStatus, statusLinkFor } from './status-link';
export { getTimeline } from './timeline';
export { isClosedStatus, raisePriority, setTags, updateCase } from './update';
