import { type Audience, visibleTo } from './access';
import type { CaseChange } from './live';

/** Who watches a live stream: fixed when the stream opens (a changed role or organisation needs a reconnect). */
export type StreamViewer = { audience: Audience; organisationId: string };

/**
 * Whether a stream shows a change. `if-reseller-of-record`: a partner sees the change only if it is
 * the reseller of record of the change's customer, which the caller has to look up.
 */
export type StreamVerdict = 'show' | 'hide' | 'if-reseller-of-record';

/**
 * Decides whether a viewer's stream shows a change, by the rules the data layer applies to reads
 * (`caseVisibleTo` for the case, `visibleTo` for the entry): an internal change never reaches a
 * partner or customer, a partner-only change never a customer; a partner sees the cases it is
 * involved in and those of its customers, a customer its own organisation's.
 */
export function streamVerdict(viewer: StreamViewer, change: CaseChange): StreamVerdict {
  if (!visibleTo(viewer.audience).includes(change.visibility)) return 'hide';
  switch (viewer.audience) {
    case 'operator':
      return 'show';
    case 'customer':
      return change.customerId === viewer.organisationId ? 'show' : 'hide';
    case 'partner':
      return change.partnerId === viewer.organisationId ? 'show' : 'if-reseller-of-record';
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
