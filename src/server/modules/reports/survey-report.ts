/**
 * The survey report: answers of the period, their average and distribution, and the same per
 * agent, group, partner, cause and case type. Pure, so it is tested without a database.
 */

export type SurveyAnswer = {
  score: number;
  assigneeId: string | null;
  groupId: string | null;
  partnerId: string | null;
  causeId: string | null;
  type: string;
};

export const SURVEY_DIMENSIONS = ['agent', 'group', 'partner', 'cause', 'type'] as const;
export type SurveyDimension = (typeof SURVEY_DIMENSIONS)[number];

export type ScoreSummary = {
  answers: number;
  /** Mean score, two decimals; null without answers. */
  average: number | null;
  /** How many answers gave 1, 2, 3, 4 and 5 (index 0 is score 1). */
  distribution: [number, number, number, number, number];
};

/** One group of answers: `key` is the agent's, group's, partner's or cause's id, or the case type; null for none. */
export type SurveyGroupRow = ScoreSummary & { key: string | null };

export function summarise(scores: readonly number[]): ScoreSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const score of scores)
    if (score >= 1 && score <= 5) distribution[score - 1] = (distribution[score - 1] as number) + 1;
  const answers = distribution.reduce((sum, n) => sum + n, 0);
  const total = distribution.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return { answers, average: answers === 0 ? null : Math.round((total / answers) * 100) / 100, distribution };
}

const KEY_OF: Record<SurveyDimension, (a: SurveyAnswer) => string | null> = {
  agent: (a) => a.assigneeId,
  group: (a) => a.groupId,
  partner: (a) => a.partnerId,
  cause: (a) => a.causeId,
  type: (a) => a.type,
};

/** Answers grouped by one dimension; most answers first, then the better average. */
export function groupAnswers(answers: readonly SurveyAnswer[], dimension: SurveyDimension): SurveyGroupRow[] {
  const groups = new Map<string | null, number[]>();
  for (const answer of answers) {
    const key = KEY_OF[dimension](answer);
    groups.set(key, [...(groups.get(key) ?? []), answer.score]);
  }
  return [...groups.entries()]
    .map(([key, scores]) => ({ key, ...summarise(scores) }))
    .sort(
      (a, b) =>
        b.answers - a.answers ||
        (b.average ?? 0) - (a.average ?? 0) ||
        String(a.key).localeCompare(String(b.key)),
    );
}
