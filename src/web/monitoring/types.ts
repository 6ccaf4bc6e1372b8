// The feed monitoring API's shapes, as src/server/modules/monitoring/schemas.ts answers them.

export type FeedError = {
  code: string;
  message: string;
  params: Record<string, string | number>;
  at: string;
};

export type FeedSource = {
  id: string;
  name: string;
  url: string;
  terms: string[];
  allowPrivateNetwork: boolean;
  intervalMinutes: number;
  groupId: string | null;
  active: boolean;
  lastPolledAt: string | null;
  nextPollAt: string;
  errorCount: number;
  lastError: FeedError | null;
  mentionsFound: number;
  createdAt: string;
};

export type FeedSourceInput = {
  name: string;
  url: string;
  terms: string[];
  allowPrivateNetwork: boolean;
  intervalMinutes: number;
  groupId: string | null;
  active: boolean;
};

export type PollResult = {
  source: FeedSource;
  outcome: 'ok' | 'not_modified' | 'error';
  entries: number;
  newCases: string[];
};

export type MentionSuggestion = {
  caseId: string;
  number: string;
  subject: string;
  status: string;
  customerName: string;
  reason: 'case_number' | 'customer_name' | 'email_domain';
  detail: string;
  linked: boolean;
};

/** Poll failures the page explains in the user's language; others show the server's English. */
export const FEED_ERROR_CODES = [
  'bad_url',
  'address_refused',
  'dns_failed',
  'network',
  'timeout',
  'too_large',
  'too_many_redirects',
  'http_status',
  'not_a_feed',
] as const;
