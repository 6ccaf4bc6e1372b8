import type { DunningRules } from './dunning-settings';

// When a customer's next dunning step is due: pure, so the run only gathers facts and acts.
// One level per run and per customer ("step by step"): a customer long overdue is reminded
// first and reaches the notices only after their days have passed, never all three at once.

const DAY_MS = 86_400_000;

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export type DunningFacts = {
  /** The level reached in this cycle (0: none). */
  level: number;
  /** The day of the last notice in this cycle, null at level 0. */
  lastNoticeDate: string | null;
  /** The earliest due date among the customer's open invoices that are overdue, null if none. */
  oldestOverdueDueDate: string | null;
  /** YYYY-MM-DD */
  today: string;
};

export type DunningStep = { level: 1 | 2 | 3; feeCents: number; blocks: boolean };

/** The step to take today, or null when nothing is due (nothing overdue, level 3 reached, days not passed). */
export function nextDunningStep(facts: DunningFacts, rules: DunningRules): DunningStep | null {
  if (facts.oldestOverdueDueDate === null || facts.level >= 3) return null;
  const level = (facts.level + 1) as 1 | 2 | 3;
  const from =
    level === 1 ? facts.oldestOverdueDueDate : (facts.lastNoticeDate ?? facts.oldestOverdueDueDate);
  if (facts.today < addDays(from, rules.days[level])) return null;
  return {
    level,
    feeCents: rules.feeCents[level],
    blocks: rules.blockLevel !== null && level >= rules.blockLevel,
  };
}
