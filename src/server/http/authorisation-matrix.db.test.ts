import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects';
import { buildChannel, type Channel, TEST_PASSWORD } from '../../../test/factories';
import { logIn, type Session, startTestServer, type TestServer } from '../../../test/test-server';
import { OPERATOR_ROLES, ROLES, type Role } from '../../shared/roles';

/**
 * Route × role → allowed or denied. Every /api route must have an entry: adding a route
 * without deciding who may call it fails this test. "Allowed" means the request gets past
 * authentication and the role check (it may still be a 400 or 404); "denied" means 401 for
 * anonymous callers and 403 for logged-in users without the role.
 */
type Rule = 'public' | 'any user' | readonly Role[];

const OPERATOR = OPERATOR_ROLES;
const PARTNER: readonly Role[] = ['partner_admin', 'partner_agent'];

const MATRIX: Record<string, Rule> = {
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs/static/*': 'public',
  'GET /api/docs/static/index.html': 'public',
  'GET /api/docs/static/swagger-initializer.js': 'public',
  'GET /api/docs/json': 'public',
  'GET /api/docs/yaml': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/password-reset/request': 'public',
  'POST /api/auth/password-reset/confirm': 'public',
  'GET /api/auth/session': 'any user',
  'POST /api/auth/logout': 'any user',
  'POST /api/auth/logout-all': 'any user',
  'PATCH /api/me': 'any user',
  'GET /api/me/notification-preferences': 'any user',
  'PUT /api/me/notification-preferences': 'any user',
  'GET /api/notifications': 'any user',
  'POST /api/notifications/read': 'any user',
  'GET /api/api-tokens': [...OPERATOR, ...PARTNER],
  'POST /api/api-tokens': [...OPERATOR, ...PARTNER],
  'DELETE /api/api-tokens/:id': [...OPERATOR, ...PARTNER],
  'GET /api/organisations': ROLES,
  'GET /api/organisations/:id': ROLES,
  'GET /api/organisations/:id/people': ROLES,
  'POST /api/organisations': ['operator_admin', 'channel_manager', 'agent'],
  'PATCH /api/organisations/:id': ['operator_admin', 'channel_manager'],
  'PUT /api/organisations/:id/reseller-of-record': ['operator_admin', 'channel_manager'],
  'GET /api/organisations/:id/reseller-of-record/history': ROLES,
  'GET /api/organisations/:id/partner-profile': ROLES,
  'PUT /api/organisations/:id/partner-profile': ['operator_admin', 'channel_manager'],
  'GET /api/assets': ROLES,
  'POST /api/assets': ['operator_admin', 'channel_manager', 'agent'],
  'GET /api/assets/:id': ROLES,
  'PATCH /api/assets/:id': ['operator_admin', 'channel_manager', 'agent'],
  'GET /api/channel/worklist': ['operator_admin', 'channel_manager'],
  'GET /api/channel/settings': OPERATOR,
  'PUT /api/channel/settings': ['operator_admin', 'channel_manager'],
  'GET /api/leads': [...OPERATOR, ...PARTNER],
  'POST /api/leads': ['operator_admin', 'channel_manager', 'agent', ...PARTNER],
  'POST /api/leads/renewals': ['operator_admin', 'channel_manager'],
  'GET /api/leads/:id': ROLES,
  'PATCH /api/leads/:id': PARTNER,
  'POST /api/leads/:id/accept': PARTNER,
  'POST /api/leads/:id/decline': PARTNER,
  'POST /api/leads/:id/outcome': PARTNER,
  'POST /api/leads/:id/reroute': ['operator_admin', 'channel_manager'],
  'POST /api/leads/:id/cancel': ['operator_admin', 'channel_manager'],
  'GET /api/reports/leads': ['operator_admin', 'channel_manager'],
  'GET /api/reports/causes': ['operator_admin', 'channel_manager'],
  'GET /api/reports/surveys': ['operator_admin', 'channel_manager'],
  'GET /api/deal-registrations': [...OPERATOR, ...PARTNER],
  'POST /api/deal-registrations': PARTNER,
  'GET /api/deal-registrations/:id': [...OPERATOR, ...PARTNER],
  'POST /api/deal-registrations/:id/approve': ['operator_admin', 'channel_manager'],
  'POST /api/deal-registrations/:id/reject': ['operator_admin', 'channel_manager'],
  'GET /api/organisations/:id/direct-contacts': ['operator_admin', 'channel_manager', 'agent'],
  'POST /api/organisations/:id/direct-contacts': ['operator_admin', 'channel_manager', 'agent'],
  // Billing: partners see no billing data at all; agents read accounts, never change them.
  'GET /api/settings/seller': ['operator_admin', 'billing_clerk'],
  'PUT /api/settings/seller': ['operator_admin'],
  'GET /api/billing/charge-types': ['operator_admin', 'billing_clerk'],
  'POST /api/billing/charge-types/:code': ['operator_admin', 'billing_clerk'],
  'PATCH /api/billing/charge-types/:code': ['operator_admin', 'billing_clerk'],
  'GET /api/billing/invoice-request-rules': ['operator_admin', 'billing_clerk'],
  'POST /api/billing/invoice-request-rules': ['operator_admin', 'billing_clerk'],
  'PATCH /api/billing/invoice-request-rules/:id': ['operator_admin', 'billing_clerk'],
  'DELETE /api/billing/invoice-request-rules/:id': ['operator_admin', 'billing_clerk'],
  'GET /api/accounts/:customerId': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'GET /api/accounts/:customerId/charges': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'POST /api/accounts/:customerId/charges': ['operator_admin', 'billing_clerk'],
  'POST /api/invoices': ['operator_admin', 'billing_clerk'],
  'POST /api/invoices/request': ['customer_user'],
  'GET /api/invoices': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'GET /api/invoices/:id': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'POST /api/invoices/:id/cancel': ['operator_admin', 'billing_clerk'],
  'GET /api/invoices/:id/pdf': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'GET /api/invoices/:id/xrechnung': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'GET /api/invoices/:id/zugferd': ['operator_admin', 'billing_clerk', 'agent', 'customer_user'],
  'GET /api/payments': ['operator_admin', 'billing_clerk'],
  'POST /api/payments': ['operator_admin', 'billing_clerk'],
  'POST /api/payments/import': ['operator_admin', 'billing_clerk'],
  'GET /api/payments/open-invoices': ['operator_admin', 'billing_clerk'],
  'POST /api/payments/:id/allocate': ['operator_admin', 'billing_clerk'],
  'POST /api/payments/:id/ignore': ['operator_admin', 'billing_clerk'],
  'GET /api/billing/datev-settings': ['operator_admin', 'billing_clerk'],
  'PUT /api/billing/datev-settings': ['operator_admin', 'billing_clerk'],
  'GET /api/exports/datev': ['operator_admin', 'billing_clerk'],
  'GET /api/billing/dunning-settings': ['operator_admin', 'billing_clerk'],
  'PUT /api/billing/dunning-settings': ['operator_admin', 'billing_clerk'],
  'POST /api/billing/dunning/run': ['operator_admin', 'billing_clerk'],
  'POST /api/accounts/:customerId/block': ['operator_admin', 'billing_clerk'],
  'POST /api/accounts/:customerId/unblock': ['operator_admin', 'billing_clerk'],
  'GET /api/users': ['operator_admin', 'partner_admin'],
  'POST /api/users': ['operator_admin', 'partner_admin'],
  'PATCH /api/users/:id': ['operator_admin', 'partner_admin'],
  'GET /api/audit': ['operator_admin'],
  'GET /api/cases': ROLES,
  'POST /api/cases': ROLES,
  'GET /api/cases/:id': ROLES,
  'GET /api/cases/stream': ROLES,
  'GET /api/cases/counts': OPERATOR,
  'GET /api/home': ROLES,
  'GET /api/search': ROLES,
  'PATCH /api/cases/:id': OPERATOR,
  'PUT /api/cases/:id/tags': OPERATOR,
  'GET /api/cases/:id/timeline': ROLES,
  'POST /api/cases/:id/messages': ROLES,
  'PUT /api/cases/:id/facts/:key': ROLES,
  'POST /api/cases/:id/facts/:key/state': ROLES,
  'POST /api/cases/:id/commitments': [...OPERATOR, ...PARTNER],
  'PATCH /api/cases/:id/commitments/:commitmentId': [...OPERATOR, ...PARTNER],
  'POST /api/cases/:id/decisions': OPERATOR,
  'POST /api/cases/:id/links': OPERATOR,
  // Feed monitoring: the operator admin manages sources; agents read them (they work the mention cases).
  'GET /api/feed-sources': ['operator_admin', 'agent'],
  'POST /api/feed-sources': ['operator_admin'],
  'PATCH /api/feed-sources/:id': ['operator_admin'],
  'POST /api/feed-sources/:id/poll': ['operator_admin'],
  'GET /api/cases/:id/mention-suggestions': OPERATOR,
  // Returns: whoever sees the case reads and requests them; the operator's agents work them.
  'GET /api/cases/:id/returns': ROLES,
  'POST /api/cases/:id/returns': ROLES,
  'GET /api/returns': OPERATOR,
  'GET /api/returns/:id': ROLES,
  'GET /api/public/case-status/:token/returns': 'public',
  'POST /api/returns/:id/authorise': ['operator_admin', 'agent'],
  'POST /api/returns/:id/receive': ['operator_admin', 'agent'],
  'POST /api/returns/:id/inspect': ['operator_admin', 'agent'],
  'POST /api/returns/:id/close': ['operator_admin', 'agent'],
  'POST /api/returns/:id/reject': ['operator_admin', 'agent'],
  'DELETE /api/cases/:id/links/:kind/:target': OPERATOR,
  'POST /api/cases/:id/merge': OPERATOR,
  'GET /api/cases/:id/merge-check': OPERATOR,
  'POST /api/cases/:id/attachments': ROLES,
  'GET /api/cases/:id/attachments/:attachmentId': ROLES,
  'POST /api/cases/:id/status-link': [...OPERATOR, 'customer_user'],
  'POST /api/cases/:id/status-links': [...OPERATOR, 'customer_user'],
  'GET /api/cases/:id/status-links': [...OPERATOR, 'customer_user'],
  'DELETE /api/cases/:id/status-links/:linkId': [...OPERATOR, 'customer_user'],
  // Partners too, but only to a third party that accepts partner escalations (triage.db.test.ts).
  'POST /api/cases/:id/escalations': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'GET /api/checklists': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'POST /api/checklists': ['operator_admin'],
  'GET /api/checklists/:id': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'PATCH /api/checklists/:id': ['operator_admin'],
  'GET /api/cases/:id/triage': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'GET /api/cases/:id/checklist-runs': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'POST /api/cases/:id/checklist-runs': ['operator_admin', 'agent', 'channel_manager', ...PARTNER],
  'POST /api/cases/:id/checklist-runs/:runId/answers': [
    'operator_admin',
    'agent',
    'channel_manager',
    ...PARTNER,
  ],
  'POST /api/cases/:id/checklist-runs/:runId/replacement': [
    'operator_admin',
    'agent',
    'channel_manager',
    ...PARTNER,
  ],
  'GET /api/cases/:id/appointments': 'any user',
  'POST /api/cases/:id/appointments': ['operator_admin', 'agent', 'channel_manager'],
  'GET /api/reports/time-to-restore': OPERATOR,
  'GET /api/public/case-status/:token': 'public',
  'GET /api/public/surveys/:token': 'public',
  'POST /api/public/surveys/:token': 'public',
  'GET /api/settings/cases': OPERATOR,
  'PUT /api/settings/cases': ['operator_admin'],
  'GET /api/causes': OPERATOR,
  'POST /api/causes': ['operator_admin'],
  'PATCH /api/causes/:id': ['operator_admin'],
  'GET /api/groups': OPERATOR,
  'POST /api/groups': ['operator_admin'],
  'PATCH /api/groups/:id': ['operator_admin'],
  'GET /api/saved-views': ROLES,
  'POST /api/saved-views': ROLES,
  'DELETE /api/saved-views/:id': ROLES,
  'GET /api/text-modules': OPERATOR,
  'POST /api/text-modules': ['operator_admin', 'agent'],
  'PATCH /api/text-modules/:id': ['operator_admin', 'agent'],
  'DELETE /api/text-modules/:id': ['operator_admin', 'agent'],
  'POST /api/text-modules/:id/render': OPERATOR,
  'GET /api/sla-policies': OPERATOR,
  'POST /api/sla-policies': ['operator_admin'],
  'PUT /api/sla-policies/order': ['operator_admin'],
  'PATCH /api/sla-policies/:id': ['operator_admin'],
  'GET /api/mailboxes': OPERATOR,
  'POST /api/mailboxes': ['operator_admin'],
  'PATCH /api/mailboxes/:id': ['operator_admin'],
  'GET /api/inbound-mail': OPERATOR,
  'GET /api/inbound-mail/:id': OPERATOR,
  'GET /api/inbound-mail/:id/raw': OPERATOR,
  'POST /api/inbound-mail/:id/file': ['operator_admin', 'agent'],
  'POST /api/inbound-mail/:id/dismiss': ['operator_admin', 'agent'],
  'POST /api/inbound-mail/bulk/dismiss': ['operator_admin', 'agent'],
  'GET /api/mail-senders/review': OPERATOR,
  'POST /api/mail-senders/:id/move': ['operator_admin', 'agent'],
  'POST /api/mail-senders/:id/confirm': ['operator_admin', 'agent'],
};

type Persona = 'anonymous' | Role;
const PERSONAS: Persona[] = ['anonymous', ...ROLES];

function allows(rule: Rule, persona: Persona): boolean {
  if (rule === 'public') return true;
  if (persona === 'anonymous') return false;
  return rule === 'any user' || rule.includes(persona);
}

for (const dialect of DIALECTS) {
  describe(`authorisation matrix [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let caseId: string;

    beforeAll(async () => {
      server = await startTestServer(dialect, { rateLimitPerMinute: 100_000 });
      channel = await buildChannel(server.deps);
      const customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      const opened = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: { type: 'complaint', subject: 'Matrix-Fall', description: 'Für die Rechteprüfung' },
      });
      caseId = opened.json().id;
    });
    afterAll(async () => server.close());

    // HEAD mirrors GET (same handler and guard), so it is covered by the GET entry.
    const apiRoutes = () =>
      server.app.registeredRoutes
        .filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`);

    it('has an entry for every registered route and no entry for a route that does not exist', () => {
      const registered = new Set(apiRoutes());
      expect(
        [...registered].filter((route) => !(route in MATRIX)),
        'routes missing from the matrix',
      ).toEqual([]);
      expect(
        Object.keys(MATRIX).filter((route) => !registered.has(route)),
        'matrix entries without a route',
      ).toEqual([]);
    });

    it('lets exactly the allowed personas through on every route', async () => {
      const userFor: Record<Role, string> = {
        operator_admin: channel.users.operator_admin.email,
        agent: channel.users.agent.email,
        channel_manager: channel.users.channel_manager.email,
        billing_clerk: channel.users.billing_clerk.email,
        partner_admin: channel.users.partner_admin.email,
        partner_agent: channel.users.partner_agent.email,
        customer_user: channel.users.customer_user.email,
      };
      const sessions = new Map<Role, Session>();
      // Logging out ends sessions, so those two routes get a session of their own and the shared one is renewed.
      const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);
      const sender = async (persona: Persona, route: string) => {
        if (persona === 'anonymous') return (options: InjectOptions) => server.app.inject(options);
        if (ENDS_SESSION.has(route)) {
          sessions.delete(persona); // logout-all ends the shared session too
          return (await logIn(server.app, userFor[persona], TEST_PASSWORD)).request;
        }
        let session = sessions.get(persona);
        if (!session) {
          session = await logIn(server.app, userFor[persona], TEST_PASSWORD);
          sessions.set(persona, session);
        }
        return session.request;
      };
      const failures: string[] = [];
      for (const route of apiRoutes()) {
        const rule = MATRIX[route]!;
        const [method, pattern] = route.split(' ') as [string, string];
        const url = pattern
          .replace('/:id/people', `/${channel.customerA1.id}/people`)
          .replace('/organisations/:id', `/organisations/${channel.customerA1.id}`)
          .replace('/users/:id', `/users/${channel.users.customer_user.id}`)
          .replace('/cases/:id', `/cases/${caseId}`)
          .replace(':key', 'serial_number')
          .replace(':customerId', channel.customerA1.id)
          .replace(':code', 'service')
          .replace(':commitmentId', '00000000-0000-7000-8000-000000000000')
          .replace(':attachmentId', '00000000-0000-7000-8000-000000000000')
          .replace(':linkId', '00000000-0000-7000-8000-000000000000')
          .replace(':token', 'not-a-token')
          .replace(':kind/:target', 'relates_to/CD-2026-999999')
          .replace(':id', '00000000-0000-7000-8000-000000000000')
          .replace('*', 'index.html');
        for (const persona of PERSONAS) {
          const send = await sender(persona, route);
          const response = await send({
            method: method as InjectOptions['method'],
            url,
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
            // The live stream never ends, so inject would never resolve with the whole body: with
            // payloadAsStream it resolves once the headers are out; the reader is then dropped
            // and the app ends the stream when it closes.
            ...(route === 'GET /api/cases/stream' ? { payloadAsStream: true } : {}),
          });
          if (route === 'GET /api/cases/stream') response.stream().destroy();
          const denied = response.statusCode === 401 || response.statusCode === 403;
          const expected = allows(rule, persona);
          if (expected === denied) {
            failures.push(
              `${route} as ${persona}: expected ${expected ? 'allowed' : 'denied'}, got ${response.statusCode}`,
            );
          }
          if (!expected) {
            expect(response.statusCode, `${route} as ${persona}`).toBe(persona === 'anonymous' ? 401 : 403);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });
}
