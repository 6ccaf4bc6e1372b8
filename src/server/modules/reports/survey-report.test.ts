import { describe, expect, it } from 'vitest';
import { groupAnswers, type SurveyAnswer, summarise } from './survey-report';

const answer = (over: Partial<SurveyAnswer>): SurveyAnswer => ({
  score: 5,
  assigneeId: 'anna',
  groupId: 'versand',
  partnerId: null,
  causeId: 'post-office',
  type: 'complaint',
  ...over,
});

describe('survey report', () => {
  it('counts answers, averages them and spreads them over 1 to 5', () => {
    expect(summarise([5, 4, 4, 1])).toEqual({ answers: 4, average: 3.5, distribution: [1, 0, 0, 2, 1] });
    expect(summarise([5, 4, 4])).toMatchObject({ average: 4.33 });
    expect(summarise([])).toEqual({ answers: 0, average: null, distribution: [0, 0, 0, 0, 0] });
  });

  it('groups the answers per agent and per partner, without one as its own row', () => {
    const answers = [
      answer({ score: 5 }),
      answer({ score: 3 }),
      answer({ score: 2, assigneeId: 'ben', partnerId: 'nordwest' }),
      answer({ score: 4, assigneeId: null, partnerId: 'nordwest' }),
    ];
    expect(groupAnswers(answers, 'agent')).toEqual([
      { key: 'anna', answers: 2, average: 4, distribution: [0, 0, 1, 0, 1] },
      { key: null, answers: 1, average: 4, distribution: [0, 0, 0, 1, 0] },
      { key: 'ben', answers: 1, average: 2, distribution: [0, 1, 0, 0, 0] },
    ]);
    expect(groupAnswers(answers, 'partner').map((r) => [r.key, r.answers, r.average])).toEqual([
      [null, 2, 4],
      ['nordwest', 2, 3],
    ]);
    expect(groupAnswers(answers, 'type')).toEqual([
      { key: 'complaint', answers: 4, average: 3.5, distribution: [0, 1, 1, 1, 1] },
    ]);
  });
});
