// Wire shapes of the leads API (GET/POST /api/leads, /api/leads/:id, /api/channel/settings),
// taken from the server's zod schemas (type-only imports: nothing of the server reaches the
// bundle). The stored explanation is typed by the pure routing module, so the web app must render
// every code the router can produce (a new code fails the typecheck of explanation.ts).

import type {
  ExclusionReason,
  RoutingCandidate as RoutingCandidateWire,
  RoutingExplanation,
} from '../../server/modules/channel/lead-routing';
import type {
  ChannelSettings as ChannelSettingsWire,
  CreateLeadBody as CreateLeadBodyWire,
  LeadList,
  Lead as LeadWire,
  OutcomeBody,
  RenewalsResult,
  UpdateLeadBody,
} from '../../server/modules/channel/lead-schemas';
import type { LeadStatus } from '../../shared/channel';

export {
  LEAD_KINDS,
  LEAD_STAGES,
  LEAD_STATUSES,
  type LeadKind,
  type LeadSource,
  type LeadStage,
  type LeadStatus,
  type LeadStepAction,
} from '../../shared/channel';
export type { ExclusionReason };

/** Exclusion reasons in the router's order (a copy: the router module is not part of the bundle). */
export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'no_coordinates',
  'out_of_radius',
  'inactive',
  'already_tried',
  'product_line',
  'at_capacity',
];

/** A channel manager gave the lead to a partner of its choice (POST /api/leads/:id/reroute with partnerId). */
export type ManualExplanation = {
  code: 'manual';
  params: { partnerId: string; partnerName: string; reason: string };
  summary: string;
};

export type LeadExplanation = RoutingExplanation | ManualExplanation;

export type LeadCandidate = RoutingCandidateWire & { partnerName: string };

type LeadBase = Omit<LeadWire, 'routing' | 'history'>;

export type LeadRouting = Omit<LeadWire['routing'], 'explanation' | 'candidates'> & {
  /** null for a partner that no longer holds the lead. */
  explanation: LeadExplanation | null;
  candidates: LeadCandidate[];
};

export type LeadStep = Omit<NonNullable<LeadWire['history']>[number], 'explanation'> & {
  explanation: LeadExplanation | null;
};

export type Lead = LeadBase & { routing: LeadRouting; history?: LeadStep[] };
export type LeadDetail = Lead & { history: LeadStep[] };
export type LeadPage = Omit<LeadList, 'items'> & { items: Lead[] };

export type CreateLeadBody = CreateLeadBodyWire;
export type LeadProgressBody = UpdateLeadBody;
export type LeadOutcomeBody = OutcomeBody;
export type RenewalRun = RenewalsResult;
export type ChannelSettings = ChannelSettingsWire;
export type ChannelSettingsChange = Omit<ChannelSettings, 'updatedAt'>;

/** The statuses a lead list tab shows; the API filters by one status, so "closed" asks three times. */
export const LEAD_TABS = {
  all: [],
  queued: ['queued'],
  offered: ['offered'],
  accepted: ['accepted'],
  closed: ['won', 'lost', 'cancelled'],
} as const satisfies Record<string, readonly LeadStatus[]>;
export type LeadTab = keyof typeof LEAD_TABS;
