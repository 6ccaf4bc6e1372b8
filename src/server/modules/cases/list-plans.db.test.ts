import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Channel } from '../../../../test/factories';
import type { Session, TestServer } from '../../../../test/test-server';
import type { CaseStatus, Priority } from './case.table';

// On SQLite, multi-value filters and the partner scope are answered as branches merged with
// UNION ALL / UNION (see listBranches in list.ts). Paging through every such list with a small
// page must give exactly the cases the plain rule selects, in order: a row in two branches must
// not show up twice, a row in none would be missing. PostgreSQL runs the plain query; the same
// expectations hold there.

type Row = {
  id: string;
  number: string;
  status: string;
  type: string;
  priority: string;
  customer_id: string;
  partner_id: string | null;
  merged_into_id: string | null;
  created_at: string;
  updated_at: string;
};
type Sort = 'updated_at' | 'created_at' | 'number';

const STATUSES: CaseStatus[] = ['new', 'open', 'waiting_customer', 'closed'];
const PRIORITIES: Priority[] = ['normal', 'high', 'urgent'];
// Few distinct times, so many cases tie on the sort value and the id decides, across branches.
const TIMES = ['2026-11-20T08:00:00.000Z', '2026-11-21T08:00:00.000Z', '2026-11-22T08:00:00.000Z'];

for (const dialect of DIALECTS) {
  describe(`case list branches [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let agent: Session;
    let partner: Session;

    beforeAll(async () => {
      ({ server, channel, agent, partner } = await startChannelServer(dialect, {
        agent: 'agent',
        partner: 'partner_agent',
      }));
      const { partnerA, partnerB, customerA1, customerA2, customerB1, directCustomer } = channel;
      // (customer, partner) pairs covering every way a case is or is not partner A's: its own
      // partner on its customers and on others, no partner, and the other partner on A's customers.
      const placements: [string, string | null][] = [
        [customerA1.id, partnerA.id],
        [customerA1.id, null],
        [customerA2.id, partnerB.id],
        [customerA2.id, partnerA.id],
        [customerB1.id, partnerA.id],
        [customerB1.id, partnerB.id],
        [directCustomer.id, null],
        [directCustomer.id, partnerA.id],
      ];
      const ids: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const [customerId] = placements[i % placements.length] ?? [];
        const response = await agent.request({
          method: 'POST',
          url: '/api/cases',
          payload: {
            type: i % 3 === 0 ? 'fault' : 'complaint',
            subject: `Fall ${i}`,
            customerId,
            description: 'x',
          },
        });
        expect(response.statusCode, response.body).toBe(201);
        ids.push(response.json().id);
      }
      // Placement, status, priority and times set directly, so every combination occurs.
      for (const [i, id] of ids.entries()) {
        const [customerId, partnerId] = placements[i % placements.length] ?? [];
        await server.deps.db
          .updateTable('support_case')
          .set({
            customer_id: customerId,
            partner_id: partnerId,
            status: STATUSES[(i + Math.floor(i / 8)) % STATUSES.length],
            priority: PRIORITIES[i % PRIORITIES.length],
            updated_at: TIMES[(i * 5) % TIMES.length],
            created_at: TIMES[(i * 11) % TIMES.length],
          })
          .where('id', '=', id)
          .execute();
      }
      // A merged case is never listed, whatever branch it would fall into.
      await server.deps.db
        .updateTable('support_case')
        .set({ merged_into_id: ids[1] })
        .where('id', '=', ids[0] ?? '')
        .execute();
    });
    afterAll(async () => server.close());

    async function allCases(): Promise<Row[]> {
      return (await server.deps.db
        .selectFrom('support_case')
        .select([
          'id',
          'number',
          'status',
          'type',
          'priority',
          'customer_id',
          'partner_id',
          'merged_into_id',
          'created_at',
          'updated_at',
        ])
        .execute()) as Row[];
    }

    /** The list computed in JS: the scope's rule, the filters, and (sort, id) order. */
    function expected(rows: Row[], filter: (row: Row) => boolean, sort: Sort, direction: 'asc' | 'desc') {
      const sign = direction === 'asc' ? 1 : -1;
      const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return rows
        .filter((row) => row.merged_into_id === null && filter(row))
        .sort((a, b) => sign * (compare(a[sort], b[sort]) || compare(a.id, b.id)))
        .map((row) => row.id);
    }

    async function pagedIds(session: Session, params: string): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages += 1) {
        const url: string = `/api/cases?limit=3&${params}${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await session.request({ method: 'GET', url });
        expect(response.statusCode, response.body).toBe(200);
        const body: { items: { id: string }[]; nextCursor: string | null } = response.json();
        ids.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      return ids;
    }

    const partnerSees = (row: Row) =>
      row.partner_id === channel.partnerA.id ||
      row.customer_id === channel.customerA1.id ||
      row.customer_id === channel.customerA2.id;
    const scenarios: {
      name: string;
      as: () => Session;
      params: () => string;
      filter: (row: Row) => boolean;
    }[] = [
      {
        name: 'operator, two statuses',
        as: () => agent,
        params: () => 'status=open,new',
        filter: (row) => ['open', 'new'].includes(row.status),
      },
      {
        name: 'operator, statuses × priorities × types, one value twice',
        as: () => agent,
        params: () => 'status=open,new,closed,open&priority=high,urgent&type=fault,complaint',
        filter: (row) =>
          ['open', 'new', 'closed'].includes(row.status) && ['high', 'urgent'].includes(row.priority),
      },
      { name: 'partner, everything it may see', as: () => partner, params: () => '', filter: partnerSees },
      {
        name: 'partner, two statuses',
        as: () => partner,
        params: () => 'status=open,new',
        filter: (row) => partnerSees(row) && ['open', 'new'].includes(row.status),
      },
      {
        name: 'partner, two priorities',
        as: () => partner,
        params: () => 'priority=high,urgent',
        filter: (row) => partnerSees(row) && ['high', 'urgent'].includes(row.priority),
      },
      {
        name: 'operator, two types',
        as: () => agent,
        params: () => 'type=fault,complaint',
        filter: (row) => ['fault', 'complaint'].includes(row.type),
      },
      {
        name: 'partner, one status and one customer',
        as: () => partner,
        params: () => `status=waiting_customer&customerId=${channel.customerA2.id}`,
        filter: (row) =>
          partnerSees(row) && row.status === 'waiting_customer' && row.customer_id === channel.customerA2.id,
      },
    ];

    for (const scenario of scenarios) {
      it(`pages "${scenario.name}" in every sort exactly as the rule selects`, async () => {
        const rows = await allCases();
        for (const sort of ['updated_at', 'created_at', 'number'] as const) {
          for (const direction of ['desc', 'asc'] as const) {
            const want = expected(rows, scenario.filter, sort, direction);
            expect(want.length).toBeGreaterThan(2);
            const got = await pagedIds(
              scenario.as(),
              `${scenario.params()}&sort=${sort}&direction=${direction}`,
            );
            expect(got, `${scenario.name}, ${sort} ${direction}`).toEqual(want);
          }
        }
      });
    }
  });
}
