// The SLA policy as the admin page edits it: the API's policy turned into form text and back.
import type { CaseType, Priority } from '../../../shared/cases';

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Calendar = {
  timeZone: string;
  hours: Partial<Record<Weekday, [string, string][]>>;
  holidayState: string | null;
  closedDates?: string[];
};
export type SlaPolicy = {
  id: string;
  name: string;
  position?: number;
  caseType?: CaseType | null;
  priority?: Priority | null;
  customerTier?: string | null;
  firstResponseMinutes?: number | null;
  silenceMinutes?: number | null;
  resolutionMinutes?: number | null;
  warnBeforeMinutes?: number;
  calendar?: Calendar;
  active?: boolean;
};

export const policiesKey = ['sla-policies'] as const;
export const TARGETS = [
  'firstResponseMinutes',
  'silenceMinutes',
  'resolutionMinutes',
  'warnBeforeMinutes',
] as const;

/** "08:00-12:00, 13:00-17:00" ⇄ [["08:00","12:00"],["13:00","17:00"]]; the API checks each time. */
const intervalsText = (intervals: [string, string][] | undefined) =>
  (intervals ?? []).map(([from, to]) => `${from}-${to}`).join(', ');
const parseIntervals = (text: string): [string, string][] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [from = '', to = ''] = part.split(/\s*[-–]\s*/);
      return [from, to];
    });

export type Draft = {
  name: string;
  active: boolean;
  caseType: CaseType | null;
  priority: Priority | null;
  customerTier: string;
  targets: Record<(typeof TARGETS)[number], number | ''>;
  timeZone: string;
  hours: Record<Weekday, string>;
  holidayState: string;
  closedDates: string;
};

/** A new policy starts on the usual office week, Monday to Friday 08:00–17:00 in Berlin. */
export const NEW_POLICY: Omit<SlaPolicy, 'id'> = {
  name: '',
  caseType: null,
  priority: null,
  customerTier: null,
  warnBeforeMinutes: 60,
  calendar: {
    timeZone: 'Europe/Berlin',
    hours: Object.fromEntries(
      (['1', '2', '3', '4', '5'] as const).map((d) => [d, [['08:00', '17:00']]]),
    ) as Calendar['hours'],
    holidayState: 'DE',
  },
  active: true,
};

export function draftOf(policy: Omit<SlaPolicy, 'id'>): Draft {
  const calendar = policy.calendar;
  return {
    name: policy.name,
    active: policy.active ?? true,
    caseType: policy.caseType ?? null,
    priority: policy.priority ?? null,
    customerTier: policy.customerTier ?? '',
    targets: {
      firstResponseMinutes: policy.firstResponseMinutes ?? '',
      silenceMinutes: policy.silenceMinutes ?? '',
      resolutionMinutes: policy.resolutionMinutes ?? '',
      warnBeforeMinutes: policy.warnBeforeMinutes ?? '',
    },
    timeZone: calendar?.timeZone ?? 'Europe/Berlin',
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, intervalsText(calendar?.hours[d])])) as Record<
      Weekday,
      string
    >,
    holidayState: calendar?.holidayState ?? '',
    closedDates: (calendar?.closedDates ?? []).join('\n'),
  };
}

export function bodyOf(draft: Draft) {
  const minutes = (value: number | '') => (value === '' ? null : value);
  return {
    name: draft.name,
    active: draft.active,
    caseType: draft.caseType,
    priority: draft.priority,
    customerTier: draft.customerTier.trim() === '' ? null : draft.customerTier.trim(),
    firstResponseMinutes: minutes(draft.targets.firstResponseMinutes),
    silenceMinutes: minutes(draft.targets.silenceMinutes),
    resolutionMinutes: minutes(draft.targets.resolutionMinutes),
    ...(draft.targets.warnBeforeMinutes === '' ? {} : { warnBeforeMinutes: draft.targets.warnBeforeMinutes }),
    calendar: {
      timeZone: draft.timeZone.trim(),
      hours: Object.fromEntries(
        WEEKDAYS.map((d) => [d, parseIntervals(draft.hours[d])] as const).filter(
          ([, list]) => list.length > 0,
        ),
      ),
      holidayState: draft.holidayState.trim() === '' ? null : draft.holidayState.trim().toUpperCase(),
      closedDates: draft.closedDates
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter((d) => d !== ''),
    },
  };
}
