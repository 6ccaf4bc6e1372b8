import { type EntryReader, entryReadableBy } from './access';
import type { CaseChange } from './live';

/** Who watches a live stream: fixed when the stream opens (a changed role or organisation needs a reconnect). */
export type StreamViewer = EntryReader;

/**
 * Whether a stream shows a change. `if-case-visible`: a partner sees the change only if the case
 * is visible to it (it is on the case or the current reseller of record of the case's customer,
 * and the case type is not hidden from partners), which the caller has to look up
 * (cases/access.ts caseVisibleTo).
 */
export type StreamVerdict = 'show' | 'hide' | 'if-case-visible';

/**
 * Decides whether a viewer's stream shows a change, by the rules the data layer applies to reads
 * (cases/access.ts: `entryReadableBy` for the entry, `caseVisibleTo` for the case): an internal
 * change never reaches a partner or customer, a partner-only change never a customer nor another
 * partner than the one it belongs to; a partner sees the cases it is on and those of its current
 * customers, a customer its own organisation's.
 */
export function streamVerdict(viewer: StreamViewer, change: CaseChange): StreamVerdict {
  if (!entryReadableBy(viewer, change)) return 'hide';
  switch (viewer.audience) {
    case 'operator':
      return 'show';
    case 'customer':
      return change.customerId === viewer.organisationId ? 'show' : 'hide';
    case 'partner':
      // Even a partner named on the case asks the rule: some case types are hidden from partners.
      return 'if-case-visible';
  }
}

/** What a stream tells about a change: enough to refetch the case, nothing about who is involved. */
export type CaseStreamEvent = Pick<CaseChange, 'caseId' | 'number' | 'type' | 'at'>;

export function streamEventOf(change: CaseChange): CaseStreamEvent {
  return { caseId: change.caseId, number: change.number, type: change.type, at: change.at };
}

/** One Server-Sent Events frame; JSON.stringify never emits a raw newline, so one data line suffices. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
