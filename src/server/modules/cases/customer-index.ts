// Which customers a text can name, without reading and comparing every customer per reply.
// The guard used to read all customers (thousands of rows) and run each name over the text; now
// each database keeps an index in memory from a key word (the longest word of a customer's
// distinctive name or number, folded) to the customers, and a text's candidates are the customers
// whose key word it contains. findLeaks then does the exact comparison on those few.
//
// The index is rebuilt when the customers change: one aggregate row (count, last update, length of
// all names and numbers) is read per check and compared with the one the index was built from, so
// a rename or a new customer in another process (worker, second web process) is seen at once.
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/database';
import type { Deps } from '../../shared/deps';
import { distinctiveName, foldedWords } from './leak-guard';

type Customer = { id: string; number: string; name: string };

export type CustomerIndex = {
  /** Customers (other than `ownId`) whose name or number the text may contain. */
  candidatesIn(text: string, ownId: string): Customer[];
  nameOf(id: string): string;
};

type Built = { stamp: string; index: CustomerIndex };

const built = new WeakMap<Db, Built>();

function keyWord(words: readonly string[]): string | undefined {
  return words.reduce<string | undefined>(
    (best, w) => (!best || w.length > best.length ? w : best),
    undefined,
  );
}

function buildIndex(customers: readonly Customer[]): CustomerIndex {
  const byKey = new Map<string, Customer[]>();
  const byId = new Map<string, Customer>();
  const add = (key: string | undefined, customer: Customer) => {
    if (!key) return;
    const list = byKey.get(key);
    if (list) list.push(customer);
    else byKey.set(key, [customer]);
  };
  for (const customer of customers) {
    byId.set(customer.id, customer);
    add(keyWord(foldedWords(customer.number)), customer);
    const name = distinctiveName(customer.name);
    if (name) add(keyWord(name), customer);
  }
  return {
    candidatesIn(text, ownId) {
      const found = new Map<string, Customer>();
      for (const word of new Set(foldedWords(text)))
        for (const customer of byKey.get(word) ?? [])
          if (customer.id !== ownId) found.set(customer.id, customer);
      return [...found.values()];
    },
    nameOf: (id) => byId.get(id)?.name ?? '',
  };
}

export async function customerIndex(trx: Trx, deps: Pick<Deps, 'db'>): Promise<CustomerIndex> {
  const row = await trx
    .selectFrom('organisation')
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`max(updated_at)`.as('latest'),
      sql<string>`sum(length(name) + length(number))`.as('chars'),
    ])
    .where('kind', '=', 'customer')
    .executeTakeFirst();
  const stamp = `${row?.n}|${row?.latest}|${row?.chars}`;
  const cached = built.get(deps.db);
  if (cached?.stamp === stamp) return cached.index;
  const customers = await trx
    .selectFrom('organisation')
    .select(['id', 'number', 'name'])
    .where('kind', '=', 'customer')
    .execute();
  const index = buildIndex(customers);
  built.set(deps.db, { stamp, index });
  return index;
}
