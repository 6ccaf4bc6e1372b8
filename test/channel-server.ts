import { expect } from 'vitest';
import type { Config } from '../src/server/config';
import type { DialectName } from '../src/server/db/dialect';
import { buildChannel, type Channel, TEST_PASSWORD } from './factories';
import { logIn, type Session, startTestServer, type TestServer } from './test-server';

// The preamble most db tests share: the app on a fresh database with buildChannel's organisations
// and users, some of them logged in. Everything is returned, nothing kept here: the db project
// shares this module between the files of a worker.

export type ChannelUser = keyof Channel['users'];

/** Local names for sessions, each naming the channel user to log in as. */
type Logins = Record<string, ChannelUser>;

export type ChannelServer<L extends Logins> = { server: TestServer; channel: Channel } & {
  [K in keyof L]: Session;
};

/**
 * Starts the app on a fresh `dialect` database (with `login` settings as startTestServer takes
 * them), builds the channel and logs in the users named in `logins` one after the other, in the
 * order given: `{ partner: 'partner_agent' }` returns the partner agent's session as `partner`.
 */
export async function startChannelServer<const L extends Logins>(
  dialect: DialectName,
  logins: L & { server?: never; channel?: never },
  login: Partial<Config['login']> = {},
): Promise<ChannelServer<L>> {
  const server = await startTestServer(dialect, login);
  try {
    const channel = await buildChannel(server.deps);
    const sessions: Record<string, Session> = {};
    for (const [name, user] of Object.entries(logins)) {
      sessions[name] = await logIn(server.app, channel.users[user].email, TEST_PASSWORD);
    }
    return { server, channel, ...sessions } as ChannelServer<L>;
  } catch (error) {
    // The caller never gets the server to close in its afterAll: drop the database here.
    await server.close();
    throw error;
  }
}

/** How many cases the database holds: a refused request must leave the count as it was. */
export async function countCases(server: TestServer): Promise<number> {
  const row = await server.deps.db
    .selectFrom('support_case')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type OpenedCase = Record<string, unknown> & { id: string; number: string };

/** The customer reports that the XT-2000 drive is not recognised at the notebook (a complaint). */
export async function openComplaintAs(
  customer: Session,
  overrides: Record<string, unknown> = {},
): Promise<OpenedCase> {
  const response = await customer.request({
    method: 'POST',
    url: '/api/cases',
    payload: {
      type: 'complaint',
      subject: 'Externe Festplatte wird nicht erkannt',
      description: 'Die Festplatte XT-2000 funktioniert nicht am Notebook.',
      facts: [
        { key: 'drive_model', label: 'Festplatte', value: 'XT-2000' },
        { key: 'notebook_model', label: 'Notebook', value: 'Libra 14' },
      ],
      ...overrides,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/**
 * The agent records a customer's call: a complaint of customer A1 with its customer user as the
 * contact; `extra` adds or overrides fields.
 */
export async function recordCall(
  agent: Session,
  channel: Channel,
  subject: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; number: string }> {
  const response = await agent.request({
    method: 'POST',
    url: '/api/cases',
    payload: {
      type: 'complaint',
      subject,
      customerId: channel.customerA1.id,
      contactId: channel.users.customer_user.id,
      description: 'Anruf des Kunden.',
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
