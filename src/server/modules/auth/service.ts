import type { Trx } from '../../db/database';
import { enqueueOutbox } from '../../jobs/outbox';
import { AppError } from '../../shared/app-error';
import { addMinutes, isoNow } from '../../shared/clock';
import type { Deps } from '../../shared/deps';
import { hashSecret, newId, newSecret } from '../../shared/ids';
import type { Scope, UserScope } from '../../shared/scope';
import { requireRole } from '../../shared/scope';
import { signToken, verifyToken } from '../../shared/signed-token';
import { recordAudit } from '../audit/service';
import { greetingFor } from '../users/greeting';
import { OPERATOR_ROLES, PARTNER_ROLES, type PersonRow } from '../users/person.table';
import {
  claimLoginAttempt,
  clearLoginFailures,
  findPersonByEmailUnscoped,
  findPersonByIdUnscoped,
  updatePerson,
} from '../users/repository';
import { parseRoles } from '../users/roles';
import type { TokenScope } from './auth.table';
import { lockedAccountMail } from './lock-mail';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyAgainstDummy, verifyPassword } from './password';
import {
  deleteSession,
  deleteSessionsOfPerson,
  findApiTokensOfPerson,
  findApiTokenWithPrincipal,
  findSessionWithPrincipal,
  insertApiToken,
  insertSession,
  type Principal,
  revokeApiToken as revokeApiTokenRow,
  touchApiToken,
  touchSession,
} from './repository';

const SESSION_DAYS = 14;
const SESSION_TOUCH_MINUTES = 5;
const RESET_LINK_MINUTES = 60;
const INVITE_LINK_MINUTES = 7 * 24 * 60;
const RESET_PURPOSE = 'password-reset';

/** Why a credential that is otherwise valid does not let its holder in. */
export function organisationInactive(): AppError {
  return new AppError(
    'organisation_inactive',
    'Your organisation’s access to channeldesk is deactivated. Please contact the operator.',
  );
}

type Admission = { ok: true; scope: UserScope } | { ok: false; reason: 'unknown' | 'organisation_inactive' };

function admitPrincipal(principal: Principal, via: UserScope['via']): Admission {
  if (principal.active !== 1 || principal.has_password !== 1) return { ok: false, reason: 'unknown' };
  if (principal.organisation_active !== 1) return { ok: false, reason: 'organisation_inactive' };
  return {
    ok: true,
    scope: {
      kind: 'user',
      personId: principal.person_id,
      name: principal.name,
      email: principal.email,
      organisationId: principal.organisation_id,
      organisationKind: principal.organisation_kind,
      roles: parseRoles(principal.roles),
      via,
    },
  };
}

async function scopeForPerson(deps: Deps, person: PersonRow, via: UserScope['via']): Promise<Admission> {
  if (person.active !== 1 || person.password_hash === null) return { ok: false, reason: 'unknown' };
  const organisation = await deps.db
    .selectFrom('organisation')
    .select(['kind', 'active'])
    .where('id', '=', person.organisation_id)
    .executeTakeFirst();
  if (!organisation) return { ok: false, reason: 'unknown' };
  if (organisation.active !== 1) return { ok: false, reason: 'organisation_inactive' };
  return {
    ok: true,
    scope: {
      kind: 'user',
      personId: person.id,
      name: person.name,
      email: person.email,
      organisationId: person.organisation_id,
      organisationKind: organisation.kind,
      roles: parseRoles(person.roles),
      via,
    },
  };
}

export type LoginResult = { sessionToken: string; csrfToken: string; expiresAt: Date; scope: UserScope };

/**
 * Checks e-mail and password. An unknown e-mail, a wrong password and a locked account get the
 * same answer after the same work (one argon2 verification), so the form reveals neither which
 * addresses exist nor which accounts are locked; the owner of a locked account is told by mail.
 * Each attempt is counted before its password is checked, in one atomic update, so parallel
 * requests cannot try more than LOGIN_MAX_FAILURES passwords per lock period.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string; userAgent?: string },
): Promise<LoginResult> {
  const now = deps.clock.now();
  const { maxFailures, lockMinutes } = deps.config.login;
  const wrong = new AppError(
    'unauthenticated',
    'E-mail or password is wrong, or the account is locked for a while after too many wrong passwords.',
  );
  const person = await findPersonByEmailUnscoped(deps.db, input.email);
  if (!person || person.password_hash === null || person.active !== 1) {
    await verifyAgainstDummy(input.password);
    throw wrong;
  }
  const lockUntil = addMinutes(now, lockMinutes);
  const attempt = await claimLoginAttempt(deps.db, person.id, {
    now: now.toISOString(),
    maxFailures,
    lockUntil: lockUntil.toISOString(),
  });
  if (!attempt) {
    await verifyAgainstDummy(input.password);
    throw wrong;
  }
  if (!(await verifyPassword(person.password_hash, input.password))) {
    // This attempt was the last one allowed: the lock it set stands, and the owner hears of it.
    if (attempt.failed_logins >= maxFailures)
      await announceLock(deps, person, attempt.failed_logins, lockUntil);
    throw wrong;
  }
  await clearLoginFailures(deps.db, person.id);
  const admission = await scopeForPerson(deps, person, 'session');
  if (!admission.ok) throw admission.reason === 'organisation_inactive' ? organisationInactive() : wrong;
  const scope = admission.scope;
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await insertSession(deps.db, {
    id: hashSecret(sessionToken),
    person_id: person.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    user_agent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { sessionToken, csrfToken, expiresAt, scope };
}

async function announceLock(
  deps: Deps,
  person: PersonRow,
  failures: number,
  lockedUntil: Date,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await enqueueOutbox(trx, deps.clock, {
      topic: 'mail.send',
      payload: lockedAccountMail({
        to: person.email,
        person,
        locale: person.locale,
        timeZone: person.time_zone,
        lockedUntil,
        failures,
        publicUrl: deps.config.publicUrl,
      }),
    });
    await recordAudit(trx, { kind: 'system', label: 'login' }, deps.clock, {
      action: 'person.locked',
      entityType: 'person',
      entityId: person.id,
      after: { failedLogins: failures, lockedUntil: lockedUntil.toISOString() },
    });
  });
}

export type ResolvedSession = { scope: UserScope; csrfToken: string; sessionId: string };
export type SessionOutcome =
  | ({ ok: true } & ResolvedSession)
  | { ok: false; reason: 'unknown' | 'organisation_inactive' };

/** The session behind a cookie token, or null when unknown, expired, the user or their organisation is disabled. */
export async function resolveSession(deps: Deps, sessionToken: string): Promise<ResolvedSession | null> {
  const outcome = await authenticateSession(deps, sessionToken);
  return outcome.ok ? outcome : null;
}

/**
 * The session behind a cookie token, or why it does not count. A session of a deactivated
 * organisation is kept, so reactivating the organisation lets its people carry on.
 */
export async function authenticateSession(deps: Deps, sessionToken: string): Promise<SessionOutcome> {
  const sessionId = hashSecret(sessionToken);
  const row = await findSessionWithPrincipal(deps.db, sessionId);
  const now = deps.clock.now();
  if (!row || row.expires_at <= now.toISOString()) return { ok: false, reason: 'unknown' };
  const admission = admitPrincipal(row, 'session');
  if (!admission.ok) return admission;
  // Sliding expiry, written at most every few minutes to keep reads cheap.
  if (addMinutes(new Date(row.last_seen_at), SESSION_TOUCH_MINUTES) < now) {
    await touchSession(
      deps.db,
      sessionId,
      now.toISOString(),
      new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
    );
  }
  return { ok: true, scope: admission.scope, csrfToken: row.csrf_token, sessionId };
}

export async function logout(deps: Deps, sessionId: string): Promise<void> {
  await deleteSession(deps.db, sessionId);
}

/** Ends every session of the user, e.g. after a lost laptop. API tokens stay; they are revoked one by one. */
export async function logoutEverywhere(deps: Deps, scope: UserScope): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSessionsOfPerson(trx, scope.personId);
    await recordAudit(trx, scope, deps.clock, {
      action: 'person.logged_out_everywhere',
      entityType: 'person',
      entityId: scope.personId,
    });
  });
}

// ---------------------------------------------------------------- API tokens

const TOKEN_ROLES = [...OPERATOR_ROLES, ...PARTNER_ROLES];

export type ApiToken = {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type ResolvedToken = { scope: UserScope; tokenScopes: TokenScope[] };
export type TokenOutcome =
  | ({ ok: true } & ResolvedToken)
  | { ok: false; reason: 'unknown' | 'organisation_inactive' };

export async function resolveApiToken(deps: Deps, token: string): Promise<ResolvedToken | null> {
  const outcome = await authenticateApiToken(deps, token);
  return outcome.ok ? outcome : null;
}

/** The token's holder, or why the token does not count (a deactivated organisation's tokens pause). */
export async function authenticateApiToken(deps: Deps, token: string): Promise<TokenOutcome> {
  const row = await findApiTokenWithPrincipal(deps.db, hashSecret(token));
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= nowIso)) {
    return { ok: false, reason: 'unknown' };
  }
  const admission = admitPrincipal(row, 'token');
  if (!admission.ok) return admission;
  if (row.last_used_at === null || addMinutes(new Date(row.last_used_at), 1) < now) {
    await touchApiToken(deps.db, row.token_id, nowIso);
  }
  return { ok: true, scope: admission.scope, tokenScopes: JSON.parse(row.scopes) as TokenScope[] };
}

export async function listApiTokens(deps: Deps, scope: UserScope): Promise<ApiToken[]> {
  requireRole(scope, TOKEN_ROLES);
  const rows = await findApiTokensOfPerson(deps.db, scope.personId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as TokenScope[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

/** Creates a token for the caller; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  deps: Deps,
  scope: UserScope,
  input: { name: string; scopes: TokenScope[]; expiresInDays?: number },
): Promise<ApiToken & { token: string }> {
  requireRole(scope, TOKEN_ROLES);
  const token = newSecret('cd_');
  const now = deps.clock.now();
  const id = newId();
  const expiresAt =
    input.expiresInDays === undefined
      ? null
      : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  const scopes = [...new Set(input.scopes)];
  await deps.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, {
      id,
      person_id: scope.personId,
      name: input.name,
      token_hash: hashSecret(token),
      scopes: JSON.stringify(scopes),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, scope, deps.clock, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: id,
      after: { name: input.name, scopes, expiresAt },
    });
  });
  return {
    id,
    name: input.name,
    scopes,
    createdAt: now.toISOString(),
    expiresAt,
    lastUsedAt: null,
    revokedAt: null,
    token,
  };
}

export async function revokeApiToken(deps: Deps, scope: UserScope, id: string): Promise<void> {
  requireRole(scope, TOKEN_ROLES);
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeApiTokenRow(trx, scope.personId, id, isoNow(deps.clock));
    if (!revoked) throw AppError.notFound('API token');
    await recordAudit(trx, scope, deps.clock, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
    });
  });
}

// ---------------------------------------------------------------- password reset

// The link is bound to the current password hash: once the password changes, every older
// link stops working, so a link is good for exactly one reset.
function passwordFingerprint(person: PersonRow): string {
  return hashSecret(person.password_hash ?? `no-password:${person.id}`).slice(0, 16);
}

const RESET_MAIL = {
  de: {
    resetSubject: 'channeldesk: Passwort zurücksetzen',
    resetText: (greeting: string, link: string, minutes: number) =>
      `${greeting}\n\nüber diesen Link legen Sie ein neues Passwort fest (gültig ${minutes} Minuten):\n${link}\n\nWenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht; Ihr Passwort bleibt unverändert.\n`,
    inviteSubject: 'channeldesk: Ihr Zugang',
    inviteText: (greeting: string, link: string) =>
      `${greeting}\n\nfür Sie wurde ein Zugang zu channeldesk angelegt. Legen Sie hier Ihr Passwort fest (Link 7 Tage gültig):\n${link}\n`,
  },
  en: {
    resetSubject: 'channeldesk: reset your password',
    resetText: (greeting: string, link: string, minutes: number) =>
      `${greeting}\n\nuse this link to choose a new password (valid for ${minutes} minutes):\n${link}\n\nIf you did not ask for this, ignore this message; your password stays as it is.\n`,
    inviteSubject: 'channeldesk: your account',
    inviteText: (greeting: string, link: string) =>
      `${greeting}\n\nan account on channeldesk was created for you. Choose your password here (link valid for 7 days):\n${link}\n`,
  },
} as const;

/** Queues a mail with a signed link to set a password: a reset, or an invitation for a new user. */
export async function enqueuePasswordLink(
  deps: Deps,
  trx: Trx | Deps['db'],
  person: PersonRow,
  kind: 'reset' | 'invite',
): Promise<void> {
  const minutes = kind === 'reset' ? RESET_LINK_MINUTES : INVITE_LINK_MINUTES;
  const token = signToken(
    deps.config.sessionSecret,
    RESET_PURPOSE,
    { p: person.id, f: passwordFingerprint(person) },
    addMinutes(deps.clock.now(), minutes),
  );
  const link = `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  const language = person.locale === 'en' ? 'en' : 'de';
  const texts = RESET_MAIL[language];
  const greeting = greetingFor(language, person);
  await enqueueOutbox(trx, deps.clock, {
    topic: 'mail.send',
    payload: {
      to: person.email,
      subject: kind === 'reset' ? texts.resetSubject : texts.inviteSubject,
      text: kind === 'reset' ? texts.resetText(greeting, link, minutes) : texts.inviteText(greeting, link),
      locale: person.locale,
    },
  });
}

/** Always succeeds from the caller's view, so it cannot be used to find out which e-mails exist. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const person = await findPersonByEmailUnscoped(deps.db, email);
  if (person?.active !== 1 || parseRoles(person.roles).length === 0) return;
  await deps.db.transaction().execute(async (trx) => {
    await enqueuePasswordLink(deps, trx, person, 'reset');
    await recordAudit(trx, { kind: 'system', label: 'password reset' }, deps.clock, {
      action: 'person.password_reset_requested',
      entityType: 'person',
      entityId: person.id,
    });
  });
}

/** Sets a new password from a reset link, unlocks the account and ends all existing sessions. */
export async function confirmPasswordReset(deps: Deps, token: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw AppError.field('password', `must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const verified = verifyToken<{ p: string; f: string }>(
    deps.config.sessionSecret,
    RESET_PURPOSE,
    token,
    deps.clock.now(),
  );
  const invalid = AppError.field('token', 'this link is invalid, expired or already used; request a new one');
  if (!verified.ok) throw invalid;
  const person = await findPersonByIdUnscoped(deps.db, verified.payload.p);
  if (person?.active !== 1 || passwordFingerprint(person) !== verified.payload.f) throw invalid;
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    await updatePerson(trx, person.id, {
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      updated_at: isoNow(deps.clock),
    });
    await deleteSessionsOfPerson(trx, person.id);
    await recordAudit(trx, { kind: 'system', label: 'password reset' }, deps.clock, {
      action: 'person.password_reset',
      entityType: 'person',
      entityId: person.id,
    });
  });
}

export type { Scope };
