import { expect } from 'vitest';
import { INTERNET_FAULT_CHECKLIST } from '../src/server/modules/triage/internet-fault-checklist';
import type { Session } from './test-server';

// The internet fault checklist as the triage tests use it: set up by an operator admin through the
// API and run step by step by whoever works the case.

/** Answers of the internet fault checklist that classify a line fault. */
export const LINE_FAULT: [string, string][] = [
  ['power', 'yes'],
  ['dsl_led', 'blinking'],
  ['replacement_router', 'no'],
];

/** Creates the internet fault checklist for fault cases of networking (`extra` adds fields); returns its id. */
export async function createInternetFaultChecklist(admin: Session, extra: object = {}): Promise<string> {
  const created = await admin.request({
    method: 'POST',
    url: '/api/checklists',
    payload: {
      name: 'Störung Internetanschluss',
      caseType: 'fault',
      productLine: 'networking',
      ...extra,
      definition: INTERNET_FAULT_CHECKLIST,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}

/** Starts a run of `checklistId` on the case and gives the answers in order; returns the run as it then is. */
export async function runChecklist<Run extends { id: string }>(
  as: Session,
  caseId: string,
  checklistId: string,
  answers: [string, string][],
): Promise<Run> {
  const started = await as.request({
    method: 'POST',
    url: `/api/cases/${caseId}/checklist-runs`,
    payload: { checklistId },
  });
  expect(started.statusCode, started.body).toBe(201);
  let state = started.json<Run>();
  for (const [stepId, value] of answers) {
    const answered = await as.request({
      method: 'POST',
      url: `/api/cases/${caseId}/checklist-runs/${state.id}/answers`,
      payload: { stepId, value },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    state = answered.json<Run>();
  }
  return state;
}
