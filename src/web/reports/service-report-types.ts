// The cause and survey reports as the server sends them (src/server/modules/reports/routes.ts).
export type Period = { from: string; to: string };

export type CauseReport = {
  period: Period;
  previousPeriod: Period;
  granularity: 'week' | 'month';
  buckets: string[];
  causes: { id: string; nameDe: string; nameEn: string }[];
  overTime: { rows: { bucket: string; causeId: string | null; count: number }[] };
  topCauses: { rows: { causeId: string | null; count: number; previousCount: number; change: number }[] };
  timeToResolve: {
    rows: { causeId: string | null; resolved: number; medianHours: number | null; p90Hours: number | null }[];
  };
  repeatContacts: {
    windowDays: number;
    total: number;
    rows: { causeId: string; repeats: number; customers: number }[];
    cases: {
      caseNumber: string;
      previousCaseNumber: string;
      customer: string;
      causeId: string;
      createdAt: string;
    }[];
  };
  returns: {
    available: boolean;
    byOutcome: { outcome: string; count: number }[];
    byCondition: { condition: string; count: number }[];
  };
};

export type SurveyGroup = {
  key: string | null;
  name: string | null;
  nameEn: string | null;
  answers: number;
  average: number | null;
  distribution: number[];
};

export type SurveyReport = {
  period: Period;
  sent: number;
  summary: { answers: number; average: number | null; distribution: number[] };
  byAgent: SurveyGroup[];
  byGroup: SurveyGroup[];
  byPartner: SurveyGroup[];
  byCause: SurveyGroup[];
  byType: SurveyGroup[];
  comments: { caseNumber: string; score: number; comment: string; answeredAt: string }[];
};
