import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import { type FeedServer, rssFeed, serveFeed, startFeedServer } from '../../../../test/feed-server';
import type { Session, TestServer } from '../../../../test/test-server';
import { newId } from '../../shared/ids';
import { pollDueSources } from './poll';
import type { FeedSource, MentionSuggestion, PollResult } from './schemas';

for (const dialect of DIALECTS) {
  describe(`feed monitoring [${dialect}]`, () => {
    let server: TestServer;
    let feeds: FeedServer;
    let channel: Channel;
    let admin: Session;
    let agent: Session;
    let partner: Session;
    let customer: Session;
    let groupId: string;
    let customerCase: { id: string; number: string };

    const addSource = async (payload: Record<string, unknown>) => {
      const response = await admin.request({ method: 'POST', url: '/api/feed-sources', payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<FeedSource>();
    };
    const poll = async (id: string) => {
      const response = await admin.request({ method: 'POST', url: `/api/feed-sources/${id}/poll` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<PollResult>();
    };
    const mentionCases = async (subject: string) =>
      server.deps.db
        .selectFrom('support_case')
        .select(['id', 'number', 'type', 'channel', 'group_id', 'customer_id'])
        .where('type', '=', 'mention')
        .where('subject', '=', subject)
        .execute();

    beforeAll(async () => {
      ({ server, channel, admin, agent, partner, customer } = await startChannelServer(dialect, {
        admin: 'operator_admin',
        agent: 'agent',
        partner: 'partner_admin',
        customer: 'customer_user',
      }));
      feeds = await startFeedServer();
      // The complaints group; its lead (the operator admin) reads English.
      groupId = newId();
      await server.deps.db
        .insertInto('case_group')
        .values({
          id: groupId,
          name: 'Reklamationen',
          lead_person_id: channel.users.operator_admin.id,
          created_at: new Date().toISOString(),
        })
        .execute();
      await server.deps.db
        .updateTable('person')
        .set({ locale: 'en' })
        .where('id', '=', channel.users.operator_admin.id)
        .execute();
      const created = await agent.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          type: 'complaint',
          subject: 'Festplatte wird nicht erkannt',
          customerId: channel.customerA1.id,
          description: 'Die DataVault X2 wird am Notebook nicht erkannt.',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      customerCase = created.json<{ id: string; number: string }>();
    });
    afterAll(async () => {
      await feeds.close();
      await server.close();
    });

    it('refuses partners and customers on every route, and lets agents read but not manage', async () => {
      const source = await addSource({ name: 'Rechte', url: feeds.url('/none.xml'), terms: ['Printwerk'] });
      const calls = [
        { method: 'GET' as const, url: '/api/feed-sources' },
        {
          method: 'POST' as const,
          url: '/api/feed-sources',
          payload: { name: 'x', url: 'https://x.example/f', terms: ['a'] },
        },
        { method: 'PATCH' as const, url: `/api/feed-sources/${source.id}`, payload: { name: 'y' } },
        { method: 'POST' as const, url: `/api/feed-sources/${source.id}/poll` },
        { method: 'GET' as const, url: `/api/cases/${customerCase.number}/mention-suggestions` },
      ];
      for (const session of [partner, customer])
        for (const call of calls) expect((await session.request(call)).statusCode, call.url).toBe(403);
      expect((await agent.request(calls[0]!)).statusCode).toBe(200);
      for (const call of calls.slice(1, 4))
        expect((await agent.request(call)).statusCode, call.url).toBe(403);
    });

    it('checks the body: an http(s) URL and at least one term, each field named', async () => {
      const response = await admin.request({
        method: 'POST',
        url: '/api/feed-sources',
        payload: { name: 'Kaputt', url: 'file:///etc/passwd', terms: [] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('url');
      expect(response.body).toContain('terms');
    });

    it('opens one mention case for a matching entry, alerts the complaints lead, and none again on the next polls', async () => {
      feeds.route(
        '/blog.xml',
        serveFeed(() =>
          rssFeed([
            {
              guid: 'post-1',
              title: 'Ärger mit PRINTWERK',
              body: '<p>Seit Wochen keine Lösung für die Festplatte.</p>',
              link: 'https://blog.example/1',
              author: 'Anna Sommer',
            },
            { guid: 'post-2', title: 'Neue Brötchen', body: 'Nichts über Drucker.' },
          ]),
        ),
      );
      const source = await addSource({
        name: 'Backstube Blog',
        url: feeds.url('/blog.xml'),
        terms: ['Printwerk', 'Präzision'],
        allowPrivateNetwork: true,
      });
      const first = await poll(source.id);
      expect(first).toMatchObject({ outcome: 'ok', entries: 2 });
      expect(first.newCases).toHaveLength(1);
      const cases = await mentionCases('Ärger mit PRINTWERK');
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ number: first.newCases[0], channel: 'feed', group_id: groupId });
      // Filed away from the customers: no customer or partner sees our monitoring.
      expect(cases[0]!.customer_id).not.toBe(channel.customerA1.id);

      const facts = await server.deps.db
        .selectFrom('case_fact')
        .select(['key', 'value'])
        .where('case_id', '=', cases[0]!.id)
        .execute();
      expect(Object.fromEntries(facts.map((f) => [f.key, f.value]))).toMatchObject({
        feed_source: 'Backstube Blog',
        feed_link: 'https://blog.example/1',
        feed_author: 'Anna Sommer',
        feed_published_at: '05.12.2026, 10:15',
        feed_terms: 'Printwerk',
      });
      const message = await server.deps.db
        .selectFrom('case_message')
        .select('body_text')
        .where('case_id', '=', cases[0]!.id)
        .executeTakeFirstOrThrow();
      expect(message.body_text).toContain('Seit Wochen keine Lösung für die Festplatte.');

      const mails = await server.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('topic', '=', 'mail.send')
        .execute();
      const alerts = mails
        .map((m) => JSON.parse(m.payload) as { to: string; subject: string; text: string })
        .filter((m) => m.to === channel.users.operator_admin.email);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.subject).toBe(`Public mention (${first.newCases[0]}): Ärger mit PRINTWERK`);
      expect(alerts[0]!.text).toContain('https://desk.example/cases/');

      // The server answers 304 to the ETag it gave: nothing new.
      const second = await poll(source.id);
      expect(second).toMatchObject({ outcome: 'not_modified', newCases: [] });
      expect(feeds.requests.filter((r) => r.path === '/blog.xml').at(-1)?.ifNoneMatch).toBe('"v1"');
      expect(await mentionCases('Ärger mit PRINTWERK')).toHaveLength(1);
      expect(second.source).toMatchObject({ mentionsFound: 1, errorCount: 0, lastError: null });
    });

    it('opens no second case for an entry polled again from a server without ETag', async () => {
      feeds.route(
        '/no-etag.xml',
        serveFeed(() => rssFeed([{ guid: 'ne-1', title: 'Printwerk ohne ETag', body: 'Text' }]), {
          etag: null,
        }),
      );
      const source = await addSource({
        name: 'Ohne ETag',
        url: feeds.url('/no-etag.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      expect((await poll(source.id)).newCases).toHaveLength(1);
      const again = await poll(source.id);
      expect(again).toMatchObject({ outcome: 'ok', entries: 1, newCases: [] });
      expect(await mentionCases('Printwerk ohne ETag')).toHaveLength(1);
    });

    it('opens one case when two polls of the same feed run at once', async () => {
      feeds.route(
        '/race.xml',
        serveFeed(() => rssFeed([{ guid: 'race-1', title: 'Printwerk im Doppel', body: 'Text' }]), {
          etag: null,
        }),
      );
      const source = await addSource({
        name: 'Parallel',
        url: feeds.url('/race.xml'),
        terms: ['printwerk'],
        allowPrivateNetwork: true,
      });
      const results = await Promise.all([poll(source.id), poll(source.id), poll(source.id)]);
      expect(results.flatMap((r) => r.newCases)).toHaveLength(1);
      expect(await mentionCases('Printwerk im Doppel')).toHaveLength(1);
    });

    it('refuses a loopback URL without the allowance, with a clear error state, and fetches nothing', async () => {
      let hits = 0;
      feeds.route('/private.xml', (request, response) => {
        hits += 1;
        serveFeed(() => rssFeed([{ guid: 'p-1', title: 'Printwerk intern', body: 'x' }]))(request, response);
      });
      const source = await addSource({
        name: 'Intranet',
        url: feeds.url('/private.xml'),
        terms: ['Printwerk'],
      });
      const result = await poll(source.id);
      expect(result.outcome).toBe('error');
      expect(result.source.lastError).toMatchObject({
        code: 'address_refused',
        params: { address: '127.0.0.1', kind: 'loopback' },
      });
      expect(result.source.lastError?.message).toContain('127.0.0.1');
      expect(result.source.errorCount).toBe(1);
      expect(hits).toBe(0);
      // The wait after an error is at least the interval, doubling with each further one.
      const listed = (await agent.request({ method: 'GET', url: '/api/feed-sources' })).json<{
        items: FeedSource[];
      }>();
      expect(listed.items.find((s) => s.id === source.id)?.lastError?.code).toBe('address_refused');

      // Also behind a host name: localhost resolves to loopback.
      const named = await addSource({
        name: 'Localhost',
        url: feeds.url('/private.xml').replace('127.0.0.1', 'localhost'),
        terms: ['Printwerk'],
      });
      expect((await poll(named.id)).source.lastError?.code).toBe('address_refused');
      expect(hits).toBe(0);

      // An admin allows it: the error state clears and the feed is read.
      const allowed = await admin.request({
        method: 'PATCH',
        url: `/api/feed-sources/${source.id}`,
        payload: { allowPrivateNetwork: true },
      });
      expect(allowed.json<FeedSource>()).toMatchObject({
        errorCount: 0,
        lastError: null,
        allowPrivateNetwork: true,
      });
      expect((await poll(source.id)).newCases).toHaveLength(1);
    });

    it('follows a few redirects, and gives up on a loop', async () => {
      feeds.route('/moved.xml', (_request, response) => {
        response.writeHead(301, { location: '/blog.xml' }).end();
      });
      feeds.route('/loop.xml', (_request, response) => {
        response.writeHead(302, { location: feeds.url('/loop.xml') }).end();
      });
      const moved = await addSource({
        name: 'Umzug',
        url: feeds.url('/moved.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      // Entries are counted per source: another source with the same post files it again.
      const result = await poll(moved.id);
      expect(result).toMatchObject({ outcome: 'ok', entries: 2 });
      expect(result.newCases).toHaveLength(1);
      const loop = await addSource({
        name: 'Schleife',
        url: feeds.url('/loop.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      expect((await poll(loop.id)).source.lastError?.code).toBe('too_many_redirects');
    });

    it('refuses a response larger than the limit, reading no further', async () => {
      feeds.route('/huge.xml', (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><!--');
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          // Stops once the client has hung up.
          while (sent < 40 && !response.destroyed) {
            sent += 1;
            if (!response.write(chunk)) return void response.once('drain', more);
          }
          if (!response.destroyed) response.end('--></channel></rss>');
        };
        more();
      });
      const source = await addSource({
        name: 'Riesig',
        url: feeds.url('/huge.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      const result = await poll(source.id);
      expect(result.outcome).toBe('error');
      expect(result.source.lastError).toMatchObject({
        code: 'too_large',
        params: { maxBytes: 2 * 1024 * 1024 },
      });
    });

    it('marks a page that is no feed as an error', async () => {
      feeds.route('/page.html', (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Printwerk</body></html>');
      });
      const source = await addSource({
        name: 'Seite',
        url: feeds.url('/page.html'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      expect((await poll(source.id)).source.lastError?.code).toBe('not_a_feed');
    });

    it('suggests the customer case a post names by number, and shows it linked once an agent links it', async () => {
      const short = customerCase.number.replace(/-0+(\d)/, '-$1');
      feeds.route(
        '/numbers.xml',
        serveFeed(() =>
          rssFeed([
            {
              guid: 'num-1',
              title: 'Printwerk lässt uns warten',
              body: `Unser Vorgang ${short} ist seit Wochen offen.`,
            },
          ]),
        ),
      );
      const source = await addSource({
        name: 'Nummern',
        url: feeds.url('/numbers.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      const [mention] = (await poll(source.id)).newCases;
      const suggestions = async () => {
        const response = await agent.request({
          method: 'GET',
          url: `/api/cases/${mention}/mention-suggestions`,
        });
        expect(response.statusCode, response.body).toBe(200);
        return response.json<{ items: MentionSuggestion[] }>().items;
      };
      expect(await suggestions()).toEqual([
        expect.objectContaining({
          number: customerCase.number,
          reason: 'case_number',
          detail: customerCase.number,
          customerName: 'Bäckerei Sommer GmbH',
          linked: false,
        }),
      ]);
      const linked = await agent.request({
        method: 'POST',
        url: `/api/cases/${mention}/links`,
        payload: { kind: 'relates_to', target: customerCase.number },
      });
      expect(linked.statusCode, linked.body).toBe(204);
      expect((await suggestions())[0]?.linked).toBe(true);
      const alert = (await server.deps.db.selectFrom('outbox').select('payload').execute())
        .map((m) => JSON.parse(m.payload) as { subject: string; text: string })
        .find((m) => m.subject.includes(mention!));
      expect(alert?.text).toContain(`It may belong to: ${customerCase.number}`);
    });

    it('suggests the open cases of a customer a post names, or whose domain it comes from', async () => {
      await server.deps.db
        .updateTable('organisation')
        .set({ email: 'info@baeckerei-sommer.example' })
        .where('id', '=', channel.customerA1.id)
        .execute();
      feeds.route(
        '/names.xml',
        serveFeed(() =>
          rssFeed([
            { guid: 'n-1', title: 'Printwerk und die Bäckerei Sommer', body: 'Ein Bericht.' },
            {
              guid: 'n-2',
              title: 'Printwerk, schon wieder',
              body: 'Aus unserem Blog.',
              link: 'https://blog.baeckerei-sommer.example/2026/12/1',
            },
          ]),
        ),
      );
      const source = await addSource({
        name: 'Namen',
        url: feeds.url('/names.xml'),
        terms: ['Printwerk'],
        allowPrivateNetwork: true,
      });
      const opened = (await poll(source.id)).newCases;
      expect(opened).toHaveLength(2);
      const reasons = [];
      for (const number of opened) {
        const items = (
          await agent.request({ method: 'GET', url: `/api/cases/${number}/mention-suggestions` })
        ).json<{ items: MentionSuggestion[] }>().items;
        reasons.push(items.map((i) => [i.number, i.reason, i.detail]));
      }
      expect(reasons).toEqual([
        [[customerCase.number, 'customer_name', 'Bäckerei Sommer GmbH']],
        [[customerCase.number, 'email_domain', 'baeckerei-sommer.example']],
      ]);
    });

    it('lets the worker poll only the sources that are due, each once per interval', async () => {
      // Everything polled above is due again only after its interval; the never-polled "Rechte"
      // source is due now (and refused: 127.0.0.1 without the allowance, so no request arrives).
      server.clock.advanceMinutes(1);
      const before = feeds.requests.length;
      expect(await pollDueSources(server.deps)).toBe(1);
      expect(feeds.requests.length).toBe(before);
      const rights = (await agent.request({ method: 'GET', url: '/api/feed-sources' }))
        .json<{ items: FeedSource[] }>()
        .items.find((s) => s.name === 'Rechte');
      expect(rights?.lastError?.code).toBe('address_refused');
      expect(await pollDueSources(server.deps)).toBe(0);
      server.clock.advanceMinutes(31);
      expect(await pollDueSources(server.deps)).toBeGreaterThan(5);
      expect(feeds.requests.length).toBeGreaterThan(before);
    });
  });
}
