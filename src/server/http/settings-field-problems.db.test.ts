// The mailbox and checklist APIs name the field of every problem with words the web app knows
// (web/channel/field-messages.ts), so a form shows each in German or English at its input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../test/channel-server';
import { DIALECTS } from '../../../test/dialects';
import type { Channel } from '../../../test/factories';
import type { Session, TestServer } from '../../../test/test-server';
import { fieldMessageOf } from '../../web/channel/field-messages';

type Problem = { code: string; errors?: { field: string; message: string }[] };

const DEFINITION = {
  steps: [{ id: 'power', question: { de: 'Strom?', en: 'Power?' }, kind: 'yes_no', defaultNext: 'end' }],
  rules: [],
};

for (const dialect of DIALECTS) {
  describe(`field problems of the mailbox and checklist APIs [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;

    /** The problem's fields, each checked to have words in the web app. */
    const fieldsOf = (body: Problem) => {
      for (const error of body.errors ?? [])
        expect(fieldMessageOf(error.message), `${error.field}: ${error.message}`).not.toBeNull();
      return (body.errors ?? []).map((e) => e.field).sort();
    };

    beforeAll(async () => {
      ({ server, channel, admin, agent } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
      }));
    });
    afterAll(async () => server?.close());

    it('answers a bad mailbox with a known message at each field', async () => {
      const bad = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: {
          address: 'kein-postfach',
          name: 'x'.repeat(101),
          groupId: 'not-an-id',
          caseType: 'wish',
          language: 'fr',
          smtpEnabled: 'ja',
          imapUrl: 'pop3://mail.example',
          imapFolder: '',
          autoReply: 'nein',
        },
      });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json<Problem>().code).toBe('validation');
      expect(fieldsOf(bad.json())).toEqual([
        'address',
        'autoReply',
        'caseType',
        'groupId',
        'imapFolder',
        'imapUrl',
        'language',
        'name',
        'smtpEnabled',
      ]);
      const unknownGroup = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'vertrieb@printwerk.example', name: 'Vertrieb', groupId: crypto.randomUUID() },
      });
      expect(unknownGroup.statusCode, unknownGroup.body).toBe(400);
      expect(fieldsOf(unknownGroup.json())).toEqual(['groupId']);
      const created = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'vertrieb@printwerk.example', name: 'Vertrieb' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const taken = await admin.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'Vertrieb@printwerk.example', name: 'Vertrieb 2' },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json<Problem>().code).toBe('conflict');
      expect(fieldsOf(taken.json())).toEqual(['address']);
    });

    it('answers a bad checklist, and a wrong run or answer, with a known message at each field', async () => {
      const bad = await admin.request({
        method: 'POST',
        url: '/api/checklists',
        payload: {
          name: 'x'.repeat(201),
          caseType: 'wish',
          productLine: '',
          thirdPartyId: 'carrier',
          active: 'ja',
          definition: DEFINITION,
        },
      });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(fieldsOf(bad.json())).toEqual(['active', 'caseType', 'name', 'productLine', 'thirdPartyId']);
      const notThirdParty = await admin.request({
        method: 'POST',
        url: '/api/checklists',
        payload: {
          name: 'Störung',
          caseType: 'fault',
          thirdPartyId: channel.partnerA.id,
          definition: DEFINITION,
        },
      });
      expect(notThirdParty.statusCode, notThirdParty.body).toBe(400);
      expect(fieldsOf(notThirdParty.json())).toEqual(['thirdPartyId']);

      const checklist = await admin.request({
        method: 'POST',
        url: '/api/checklists',
        payload: { name: 'Störung', caseType: 'fault', definition: DEFINITION },
      });
      expect(checklist.statusCode, checklist.body).toBe(201);
      const open = async (type: string) => {
        const response = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: { type, subject: 'Leitung tot', customerId: channel.customerA1.id, description: 'Anruf.' },
        });
        expect(response.statusCode, response.body).toBe(201);
        return response.json<{ id: string }>().id;
      };
      const complaint = await open('complaint');
      const wrongType = await agent.request({
        method: 'POST',
        url: `/api/cases/${complaint}/checklist-runs`,
        payload: { checklistId: checklist.json().id },
      });
      expect(wrongType.statusCode, wrongType.body).toBe(400);
      expect(fieldsOf(wrongType.json())).toEqual(['checklistId']);

      const fault = await open('fault');
      const run = await agent.request({
        method: 'POST',
        url: `/api/cases/${fault}/checklist-runs`,
        payload: { checklistId: checklist.json().id },
      });
      expect(run.statusCode, run.body).toBe(201);
      const answer = (payload: object) =>
        agent.request({
          method: 'POST',
          url: `/api/cases/${fault}/checklist-runs/${run.json().id}/answers`,
          payload,
        });
      const wrongStep = await answer({ stepId: 'router', value: 'yes' });
      expect(wrongStep.statusCode, wrongStep.body).toBe(400);
      expect(fieldsOf(wrongStep.json())).toEqual(['stepId']);
      const wrongValue = await answer({ stepId: 'power', value: 'vielleicht' });
      expect(wrongValue.statusCode, wrongValue.body).toBe(400);
      expect(fieldsOf(wrongValue.json())).toEqual(['value']);
      const empty = await answer({ stepId: '', value: 'x'.repeat(501) });
      expect(empty.statusCode, empty.body).toBe(400);
      expect(fieldsOf(empty.json())).toEqual(['stepId', 'value']);
    });
  });
}
