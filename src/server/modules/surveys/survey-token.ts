// The survey link: a signed token naming the survey row, valid as long as the row says.
import type { Deps } from '../../shared/deps';
import { signToken, verifyToken } from '../../shared/signed-token';

const PURPOSE = 'case-survey';

export function surveyToken(deps: Pick<Deps, 'config'>, row: { id: string; expires_at: string }): string {
  return signToken(deps.config.sessionSecret, PURPOSE, { s: row.id }, new Date(row.expires_at));
}

export function surveyUrl(deps: Pick<Deps, 'config'>, row: { id: string; expires_at: string }): string {
  return `${deps.config.publicUrl}/survey/${encodeURIComponent(surveyToken(deps, row))}`;
}

export function readSurveyToken(
  deps: Pick<Deps, 'config'>,
  token: string,
  now: Date,
): { ok: true; surveyId: string } | { ok: false; reason: 'invalid' | 'expired' } {
  const verified = verifyToken<{ s: string }>(deps.config.sessionSecret, PURPOSE, token, now);
  if (verified.ok)
    return typeof verified.payload.s === 'string'
      ? { ok: true, surveyId: verified.payload.s }
      : { ok: false, reason: 'invalid' };
  return { ok: false, reason: verified.reason === 'expired' ? 'expired' : 'invalid' };
}
