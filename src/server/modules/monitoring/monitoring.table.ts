import type { Insertable, Selectable } from 'kysely';

/** A feed the worker polls for mentions of the watch terms. */
export interface FeedSourceTable {
  id: string;
  name: string;
  /** http(s) URL of an RSS, Atom or JSON feed. */
  url: string;
  /** JSON array of watch terms (company and product names). */
  terms: string;
  /** 1: an admin allowed fetching from private, loopback and link-local addresses. */
  allow_private_network: number;
  interval_minutes: number;
  /** The group a mention case goes to, whose lead is alerted; null: the complaints group. */
  group_id: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  /** Also the claim: a worker that takes the source moves it ahead by a lease. */
  next_poll_at: string;
  error_count: number;
  last_error_code: string | null;
  last_error: string | null;
  last_error_at: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}
export type FeedSourceRow = Selectable<FeedSourceTable>;
export type NewFeedSourceRow = Insertable<FeedSourceTable>;

/** A feed entry that matched and became a mention case; the unique (source, key) makes it once. */
export interface FeedEntrySeenTable {
  id: string;
  source_id: string;
  /** Hash of the entry's guid/id, else its link, else title and date. */
  entry_key: string;
  case_id: string | null;
  title: string | null;
  link: string | null;
  created_at: string;
}

/** An existing case a mention may be about, for an agent to link or ignore. */
export interface MentionSuggestionTable {
  mention_case_id: string;
  case_id: string;
  reason: 'case_number' | 'customer_name' | 'email_domain';
  /** What matched: the number, the name or the domain. */
  detail: string;
  created_at: string;
}
