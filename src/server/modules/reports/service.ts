// The cause report and the survey report. Operator only: they span every customer and partner.
// The readers are the lead report's (operator admin, channel manager); partners and customers get 403.
import type { Role } from '../../../shared/roles';
import type { Deps } from '../../shared/deps';
import { requireRole, type Scope } from '../../shared/scope';
import { periodBounds, type ReportPeriod } from '../channel/lead-report';
import { countReturns } from '../returns/service';
import { countSurveysIssued, listSurveyAnswers } from '../surveys/service';
import {
  bucketsOf,
  casesOverTime,
  type Granularity,
  granularityOf,
  type OverTimeRow,
  previousPeriod,
  REPEAT_WINDOW_DAYS,
  type RepeatContactRow,
  repeatContacts,
  type TimeToResolveRow,
  type TopCauseRow,
  timeToResolve,
  topCauses,
} from './cause-report';
import {
  type CauseLabel,
  findCaseNumbers,
  findNames,
  listCauseCases,
  listCauseLabels,
} from './report-queries';
import {
  groupAnswers,
  type ScoreSummary,
  SURVEY_DIMENSIONS,
  type SurveyDimension,
  summarise,
} from './survey-report';

export const CAUSE_REPORT_ROLES: readonly Role[] = ['operator_admin', 'channel_manager'];

const DAY_MS = 86_400_000;

export type CauseReport = {
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  granularity: Granularity;
  /** Every week (its Monday) or month of the period, in order. */
  buckets: string[];
  /** Names of the causes the report mentions. */
  causes: CauseLabel[];
  overTime: { rows: OverTimeRow[] };
  topCauses: { rows: TopCauseRow[] };
  timeToResolve: { rows: TimeToResolveRow[] };
  repeatContacts: {
    windowDays: number;
    total: number;
    rows: RepeatContactRow[];
    cases: {
      caseNumber: string;
      previousCaseNumber: string;
      customer: string;
      causeId: string;
      createdAt: string;
    }[];
  };
  /**
   * Returns inspected (or rejected before inspection) in the period by outcome, and their items by
   * the condition found. `available` stays in the answer for clients written before returns existed.
   */
  returns: {
    available: boolean;
    byOutcome: { outcome: string; count: number }[];
    byCondition: { condition: string; count: number }[];
  };
};

export async function getCauseReport(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  period: ReportPeriod,
  rowLimit: number,
): Promise<CauseReport> {
  requireRole(scope, CAUSE_REPORT_ROLES);
  const bounds = periodBounds(period);
  const previous = previousPeriod(period);
  const repeatFrom = new Date(Date.parse(bounds.start) - REPEAT_WINDOW_DAYS * DAY_MS).toISOString();
  const previousStart = periodBounds(previous).start;
  const [cases, labels, returns] = await Promise.all([
    listCauseCases(deps.db, {
      createdFrom: [previousStart, repeatFrom].sort()[0] as string,
      resolvedFrom: bounds.start,
      end: bounds.end,
    }),
    listCauseLabels(deps.db),
    countReturns(deps, scope, bounds),
  ]);
  const granularity = granularityOf(period);
  const overTime = casesOverTime(cases, period, granularity);
  const top = topCauses(cases, period);
  const resolved = timeToResolve(cases, period);
  const repeats = repeatContacts(cases, period);
  const shown = repeats.cases.slice(0, rowLimit);
  const numbers = new Map(
    (await findCaseNumbers(deps.db, [...new Set(shown.flatMap((c) => [c.caseId, c.previousCaseId]))])).map(
      (r) => [r.id, r],
    ),
  );
  const mentioned = new Set<string | null>([
    ...overTime.map((r) => r.causeId),
    ...top.map((r) => r.causeId),
    ...resolved.map((r) => r.causeId),
    ...repeats.rows.map((r) => r.causeId),
  ]);
  return {
    period,
    previousPeriod: previous,
    granularity,
    buckets: bucketsOf(period, granularity),
    causes: labels.filter((l) => mentioned.has(l.id)),
    overTime: { rows: overTime },
    topCauses: { rows: top },
    timeToResolve: { rows: resolved },
    repeatContacts: {
      windowDays: REPEAT_WINDOW_DAYS,
      total: repeats.cases.length,
      rows: repeats.rows,
      cases: shown.map((c) => ({
        caseNumber: numbers.get(c.caseId)?.number ?? '',
        previousCaseNumber: numbers.get(c.previousCaseId)?.number ?? '',
        customer: numbers.get(c.caseId)?.customer_name ?? '',
        causeId: c.causeId,
        createdAt: c.createdAt,
      })),
    },
    returns: { available: true, ...returns },
  };
}

export type SurveyGroup = ScoreSummary & { key: string | null; name: string | null; nameEn: string | null };

export type SurveyReport = {
  period: ReportPeriod;
  /** Surveys made (resolution mails) in the period. */
  sent: number;
  summary: ScoreSummary;
  byAgent: SurveyGroup[];
  byGroup: SurveyGroup[];
  byPartner: SurveyGroup[];
  byCause: SurveyGroup[];
  byType: SurveyGroup[];
  /** The newest answers with a comment. */
  comments: { caseNumber: string; score: number; comment: string; answeredAt: string }[];
};

const SECTION_OF: Record<SurveyDimension, 'byAgent' | 'byGroup' | 'byPartner' | 'byCause' | 'byType'> = {
  agent: 'byAgent',
  group: 'byGroup',
  partner: 'byPartner',
  cause: 'byCause',
  type: 'byType',
};

export async function getSurveyReport(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  period: ReportPeriod,
  rowLimit: number,
): Promise<SurveyReport> {
  requireRole(scope, CAUSE_REPORT_ROLES);
  const bounds = periodBounds(period);
  const [answers, sent, labels] = await Promise.all([
    listSurveyAnswers(deps, bounds),
    countSurveysIssued(deps, bounds),
    listCauseLabels(deps.db),
  ]);
  const present = <K extends 'assigneeId' | 'groupId' | 'partnerId'>(key: K) => [
    ...new Set(answers.map((a) => a[key]).filter((id): id is string => id !== null)),
  ];
  const names = await findNames(deps.db, {
    people: present('assigneeId'),
    groups: present('groupId'),
    organisations: present('partnerId'),
  });
  const causes = new Map(labels.map((l) => [l.id, l]));
  const sections = Object.fromEntries(
    SURVEY_DIMENSIONS.map((dimension) => [
      SECTION_OF[dimension],
      groupAnswers(answers, dimension).map((row) => {
        if (row.key === null) return { ...row, name: null, nameEn: null };
        if (dimension === 'cause') {
          const label = causes.get(row.key);
          return { ...row, name: label?.nameDe ?? null, nameEn: label?.nameEn ?? null };
        }
        if (dimension === 'type') return { ...row, name: row.key, nameEn: row.key };
        const name = names.get(row.key) ?? null;
        return { ...row, name, nameEn: name };
      }),
    ]),
  ) as Pick<SurveyReport, 'byAgent' | 'byGroup' | 'byPartner' | 'byCause' | 'byType'>;
  return {
    period,
    sent,
    summary: summarise(answers.map((a) => a.score)),
    ...sections,
    comments: answers
      .filter((a): a is typeof a & { comment: string } => a.comment !== null)
      .slice(0, rowLimit)
      .map((a) => ({
        caseNumber: a.caseNumber,
        score: a.score,
        comment: a.comment,
        answeredAt: a.answeredAt,
      })),
  };
}
