import type { Selectable } from 'kysely';

export interface SessionTable {
  /** sha256 of the cookie token, so a leaked table cannot be replayed. */
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}
export type SessionRow = Selectable<SessionTable>;

export { TOKEN_SCOPES, type TokenScope } from '../../../shared/roles';

export interface ApiTokenTable {
  id: string;
  person_id: string;
  name: string;
  token_hash: string;
  /** JSON array of TokenScope. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
export type ApiTokenRow = Selectable<ApiTokenTable>;
