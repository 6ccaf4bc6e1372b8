import type { ItemCondition, ReturnOutcome, ReturnState } from '../../shared/returns';

export type ReturnItem = {
  id: string;
  position: number;
  product: string;
  serial: string | null;
  quantity: number;
  reason: string;
  condition: ItemCondition | null;
  notes?: string | null;
  attachmentIds?: string[];
};

export type CaseReturn = {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string;
  customer: { id: string; name: string };
  state: ReturnState;
  dueAt: string | null;
  outcome: ReturnOutcome | null;
  outcomeReason: string | null;
  rejectReason: string | null;
  instructions: { address: string[]; packing: string } | null;
  items: ReturnItem[];
  requestedBy: string;
  requestedAt: string;
  updatedAt: string;
};
