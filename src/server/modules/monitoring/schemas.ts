import { z } from 'zod';
import { MIN_INTERVAL_MINUTES } from './poll-schedule';

const Term = z.string().trim().min(2, 'must have at least 2 characters').max(100);
const FeedUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

export const CreateFeedSourceBody = z.object({
  name: z.string().trim().min(2, 'must have at least 2 characters').max(200),
  /** RSS, Atom or JSON Feed; only this URL (and at most 3 redirects from it) is fetched. */
  url: FeedUrl,
  /** Company and product names; whole words, any case, ä = ae, ö = oe, ü = ue, ß = ss. */
  terms: z.array(Term).min(1, 'name at least one term').max(50),
  /** Lets the source reach private, loopback and link-local addresses (an intranet feed). */
  allowPrivateNetwork: z.boolean().default(false),
  intervalMinutes: z.number().int().min(MIN_INTERVAL_MINUTES).max(1440).default(30),
  /** Where its mention cases go and whose lead is alerted; default the complaints group. */
  groupId: z.uuid().nullable().optional(),
  active: z.boolean().default(true),
});
export type CreateFeedSourceBody = z.infer<typeof CreateFeedSourceBody>;

export const UpdateFeedSourceBody = z
  .object({
    name: CreateFeedSourceBody.shape.name,
    url: FeedUrl,
    terms: CreateFeedSourceBody.shape.terms,
    allowPrivateNetwork: z.boolean(),
    intervalMinutes: z.number().int().min(MIN_INTERVAL_MINUTES).max(1440),
    groupId: z.uuid().nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'change at least one field');
export type UpdateFeedSourceBody = z.infer<typeof UpdateFeedSourceBody>;

export const FeedError = z.object({
  /** bad_url, address_refused, dns_failed, network, timeout, too_large, too_many_redirects, http_status, not_a_feed */
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  at: z.string(),
});

export const FeedSource = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  terms: z.array(z.string()),
  allowPrivateNetwork: z.boolean(),
  intervalMinutes: z.number(),
  groupId: z.string().nullable(),
  active: z.boolean(),
  lastPolledAt: z.string().nullable(),
  nextPollAt: z.string(),
  /** Failed polls in a row; the wait doubles with each. */
  errorCount: z.number(),
  /** The last poll's failure; null once a poll works again. */
  lastError: FeedError.nullable(),
  /** Entries that became mention cases. */
  mentionsFound: z.number(),
  createdAt: z.string(),
});
export type FeedSource = z.infer<typeof FeedSource>;

export const PollResult = z.object({
  source: FeedSource,
  outcome: z.enum(['ok', 'not_modified', 'error']),
  /** Entries in the feed (0 when unchanged or failed). */
  entries: z.number(),
  /** Numbers of the mention cases this poll opened. */
  newCases: z.array(z.string()),
});
export type PollResult = z.infer<typeof PollResult>;

export const MentionSuggestion = z.object({
  caseId: z.string(),
  number: z.string(),
  subject: z.string(),
  status: z.string(),
  customerName: z.string(),
  reason: z.enum(['case_number', 'customer_name', 'email_domain']),
  detail: z.string(),
  /** The mention is linked to this case already. */
  linked: z.boolean(),
});
export type MentionSuggestion = z.infer<typeof MentionSuggestion>;
