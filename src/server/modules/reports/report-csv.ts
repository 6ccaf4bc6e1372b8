// CSV of one section of the cause or survey report (same format as the leads report: see
// shared/report-csv.ts). Cause names in German and English, so either Excel reads them.
import { csvDecimal, csvTable, csvText } from '../../shared/report-csv';
import type { CauseReport, SurveyGroup, SurveyReport } from './service';

export const CAUSE_SECTIONS = [
  'overTime',
  'topCauses',
  'timeToResolve',
  'repeatContacts',
  'returns',
] as const;
export type CauseSection = (typeof CAUSE_SECTIONS)[number];

export const SURVEY_SECTIONS = ['byAgent', 'byGroup', 'byPartner', 'byCause', 'byType', 'comments'] as const;
export type SurveySection = (typeof SURVEY_SECTIONS)[number];

export function causeReportCsv(report: CauseReport, section: CauseSection): string {
  const labels = new Map(report.causes.map((c) => [c.id, c]));
  const names = (id: string | null) => [
    id ?? '',
    csvText(id ? (labels.get(id)?.nameDe ?? null) : null),
    csvText(id ? (labels.get(id)?.nameEn ?? null) : null),
  ];
  const cause = ['cause_id', 'cause_de', 'cause_en'];
  switch (section) {
    case 'overTime':
      return csvTable(
        [report.granularity, ...cause, 'cases'],
        report.overTime.rows.map((r) => [r.bucket, ...names(r.causeId), r.count]),
      );
    case 'topCauses':
      return csvTable(
        [...cause, 'cases', 'cases_previous_period', 'change'],
        report.topCauses.rows.map((r) => [...names(r.causeId), r.count, r.previousCount, r.change]),
      );
    case 'timeToResolve':
      return csvTable(
        [...cause, 'resolved', 'median_hours', 'p90_hours'],
        report.timeToResolve.rows.map((r) => [
          ...names(r.causeId),
          r.resolved,
          csvDecimal(r.medianHours),
          csvDecimal(r.p90Hours),
        ]),
      );
    case 'repeatContacts':
      return csvTable(
        ['case_number', 'previous_case_number', 'customer', ...cause, 'created_at'],
        report.repeatContacts.cases.map((r) => [
          r.caseNumber,
          r.previousCaseNumber,
          csvText(r.customer),
          ...names(r.causeId),
          r.createdAt,
        ]),
      );
    case 'returns':
      return csvTable(
        ['kind', 'value', 'count'],
        [
          ...report.returns.byOutcome.map((r) => ['outcome', r.outcome, r.count]),
          ...report.returns.byCondition.map((r) => ['condition', r.condition, r.count]),
        ],
      );
  }
}

const scoreColumns = ['answers', 'average', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5'];
const scoreCells = (r: SurveyGroup) => [r.answers, csvDecimal(r.average), ...r.distribution];

export function surveyReportCsv(report: SurveyReport, section: SurveySection): string {
  if (section === 'comments') {
    return csvTable(
      ['case_number', 'answered_at', 'score', 'comment'],
      report.comments.map((c) => [c.caseNumber, c.answeredAt, c.score, csvText(c.comment)]),
    );
  }
  return csvTable(
    ['key', 'name', ...scoreColumns],
    report[section].map((r) => [r.key ?? '', csvText(r.name), ...scoreCells(r)]),
  );
}

export function reportCsvFilename(
  report: { period: { from: string; to: string } },
  name: string,
  section: string,
) {
  return `${name}-report_${section}_${report.period.from}_${report.period.to}.csv`;
}
