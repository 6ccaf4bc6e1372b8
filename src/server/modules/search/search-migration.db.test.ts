import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import { migrateToLatest } from '../../db/migrate';
import * as perReader from '../../db/migrations/2026_12_06_0001_case_search_per_reader';

// A database from before search per reader: the migration empties the search, and it is rebuilt
// from the cases once every migration has run, each text for those who may read it.

for (const dialect of DIALECTS) {
  describe(`rebuilding the case search after the migration [${dialect}]`, { timeout: 30_000 }, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let customer: Session;
    const cases: string[] = [];

    async function found(session: Session, q: string): Promise<string[]> {
      const response = await session.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    }

    beforeAll(async () => {
      ({ server, channel, agent, customer } = await startChannelServer(dialect, {
        agent: 'agent',
        customer: 'customer_user',
      }));
      for (const word of ['Fischotter', 'Seehund', 'Walross']) {
        const created = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: 'complaint',
            subject: `Scanner ${word}`,
            customerId: channel.customerA1.id,
            description: `Öffentlich ${word}`,
          },
        });
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json<{ id: string }>().id;
        const note = await agent.request({
          method: 'POST',
          url: `/api/cases/${id}/messages`,
          payload: { body: `Intern ${word}zahn`, visibility: 'internal' },
        });
        expect(note.statusCode, note.body).toBe(201);
        cases.push(id);
      }
    });
    afterAll(async () => server.close());

    it('rebuilds an emptied search from the cases, each text for its readers', async () => {
      const db = server.database.db;
      // Back to one document per case, then forward again: the search is empty.
      await perReader.down(db as unknown as Kysely<unknown>, dialect);
      await perReader.up(db as unknown as Kysely<unknown>, dialect);
      expect(await found(agent, 'Fischotter')).toEqual([]);

      await migrateToLatest(db, dialect);
      expect(await found(agent, 'Fischotter')).toEqual([cases[0]]);
      expect(await found(agent, 'Walrosszahn')).toEqual([cases[2]]);
      expect(await found(customer, 'Walross')).toEqual([cases[2]]);
      expect(await found(customer, 'Walrosszahn')).toEqual([]);
      expect(await found(customer, 'Seehundzahn')).toEqual([]);
    });

    it('finishes an interrupted rebuild, and leaves a complete search alone', async () => {
      const db = server.database.db;
      await db
        .withTables<{ case_search: { case_id: string } }>()
        .deleteFrom('case_search')
        .where('case_id', '=', cases[2]!)
        .execute();
      expect(await found(agent, 'Walross')).toEqual([]);
      await migrateToLatest(db, dialect);
      expect(await found(agent, 'Walrosszahn')).toEqual([cases[2]]);
      expect(await found(agent, 'Seehundzahn')).toEqual([cases[1]]);
      expect(await found(customer, 'Walrosszahn')).toEqual([]);
    });
  });
}
