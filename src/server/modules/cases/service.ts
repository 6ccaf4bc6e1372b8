// The cases module's public surface: other modules open, read and change cases through these.
export { type Audience, audienceOf } from './access';
export { getCase } from './case-detail';
export { type CaseWork, changeCase, resolveCaseForScope } from './change-case';
export { type HeldChange, holdForOpenCommitments } from './commitment-hold';
export { createCase, openCase } from './create';
export { writeFact } from './facts';
export {
  guardCustomerText,
  type LeakFactsProvider,
  type LeakOverride,
  leakFactsForCase,
  registerLeakFactsProvider,
} from './leak-check';
// The case list and its counts, for pages that show a part of it (the home page, the search box).
export { countListedCases, listCases, numberOnlyQuery } from './list';
export type { ExternalAuthor, FilingOptions } from './message-author';
export { addMessage } from './messages';
export { publicCaseStatus, statusLinkFor } from './status-link';
export { getTimeline } from './timeline';
export { isClosedStatus, raisePriority, setTags, updateCase } from './update';
