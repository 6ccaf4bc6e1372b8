// Generates the cases benchmark's data set: N cases (default 1,000,000; BENCH_CASES) with about
// five messages each, realistic German text, facts and the search document of every case, on top
// of the demo organisations and people, into SQLite and/or PostgreSQL.
//
// Usage: BENCH_CASES=100000 node bin/run-ts.mjs bench/generate-cases.ts [sqlite|postgres|both]
//
// The databases are kept for reuse (SQLite under os.tmpdir()/channeldesk-bench-cases/, PostgreSQL
// as database bench_cases_gen_<N>) and regenerated only when missing or incomplete; benchmark
// runs work on copies, so the API-created cases of one run never leak into the next.
//
// Both dialects get the same data from one pass of a seeded PRNG (same ids, numbers, text): the
// text and its search terms are computed once and written to both databases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { tsvectorLiteral } from '../src/server/db/dialect';
import { germanDocumentTerms } from '../src/server/modules/search/german-text';
import { type CaseSearchText, searchDocumentsOf } from '../src/server/modules/search/search-documents';
import { type CaseKind, createRandom, factFor, messageBody, subjectFor } from './lib/german-corpus';

export type BenchDialect = 'sqlite' | 'postgres';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_ROOT = join(tmpdir(), 'channeldesk-bench-cases');
export const PG_BASE_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED = 20_261_124;
const BATCH_CASES = 10_000;
const SPAN_MS = 730 * 24 * 3_600_000;
// Bump when the generated data changes shape, so kept databases are regenerated.
const GENERATOR_VERSION = 2;

export type GeneratedMeta = {
  version: number;
  dialect: BenchDialect;
  cases: number;
  messages: number;
  facts: number;
  /** Cases in the database including the demo seed's own. */
  totalCases: number;
  seconds: number;
  generatedAt: string;
  /** Where: the SQLite DATA_DIR, or the PostgreSQL database name. */
  location: string;
};

export function parseCaseCount(value: string | undefined): number {
  if (value === undefined || value === '') return 1_000_000;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1_000 || count > 5_000_000)
    throw new Error(`BENCH_CASES must be an integer between 1000 and 5000000, got "${value}"`);
  return count;
}

export function sqliteDataDir(cases: number): string {
  return join(DATA_ROOT, `sqlite-${cases}`);
}
export function pgDatabaseName(cases: number): string {
  return `bench_cases_gen_${cases}`;
}
export function pgUrl(database: string): string {
  const url = new URL(PG_BASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
function metaFile(dialect: BenchDialect, cases: number): string {
  return join(DATA_ROOT, `${dialect}-${cases}.json`);
}

function readMeta(dialect: BenchDialect, cases: number): GeneratedMeta | null {
  const file = metaFile(dialect, cases);
  if (!existsSync(file)) return null;
  const meta = JSON.parse(readFileSync(file, 'utf8')) as GeneratedMeta;
  return meta.version === GENERATOR_VERSION ? meta : null;
}

async function countCases(dialect: BenchDialect, cases: number): Promise<number | null> {
  try {
    if (dialect === 'sqlite') {
      const file = join(sqliteDataDir(cases), 'channeldesk.sqlite');
      if (!existsSync(file)) return null;
      const sqlite = new SQLite(file, { readonly: true });
      try {
        return (sqlite.prepare('select count(*) as n from support_case').get() as { n: number }).n;
      } finally {
        sqlite.close();
      }
    }
    const client = new pg.Client({ connectionString: pgUrl(pgDatabaseName(cases)) });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from support_case');
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  } catch {
    return null;
  }
}

/** The kept database when it is complete (meta file present and the case count matches). */
export async function reusable(dialect: BenchDialect, cases: number): Promise<GeneratedMeta | null> {
  const meta = readMeta(dialect, cases);
  if (!meta) return null;
  return (await countCases(dialect, cases)) === meta.totalCases ? meta : null;
}

// ---------------------------------------------------------------------------------------------
// Reference data (demo organisations and people)

type Customer = {
  id: string;
  name: string;
  partnerId: string | null;
  contacts: { id: string; name: string }[];
};
type Reference = {
  customers: Customer[];
  agents: { id: string; name: string }[];
  groupIds: string[];
  leafCauseIds: string[];
  counters: Map<string, number>;
  demoCases: number;
};

type RefRows = {
  customers: { id: string; name: string; partner_id: string | null }[];
  contacts: { id: string; name: string; organisation_id: string }[];
  agents: { id: string; name: string }[];
  groups: { id: string }[];
  causes: { id: string }[];
  counters: { name: string; value: number | string }[];
  demoCases: number;
};

const REF_SQL = {
  customers: `select o.id, o.name, r.partner_id from organisation o left join reseller_of_record r on r.customer_id = o.id
    where o.kind = 'customer' and o.active = 1 order by o.number`,
  contacts: `select p.id, p.name, p.organisation_id from person p join organisation o on o.id = p.organisation_id
    where o.kind = 'customer' order by p.email`,
  agents: `select p.id, p.name from person p join organisation o on o.id = p.organisation_id
    where o.kind = 'operator' order by p.email`,
  groups: 'select id from case_group order by name',
  causes: 'select id from cause where parent_id is not null order by position, name_de',
  counters: `select name, value from counter where name like 'case.%'`,
};

function toReference(rows: RefRows): Reference {
  const contacts = new Map<string, { id: string; name: string }[]>();
  for (const contact of rows.contacts) {
    const list = contacts.get(contact.organisation_id) ?? [];
    list.push({ id: contact.id, name: contact.name });
    contacts.set(contact.organisation_id, list);
  }
  return {
    customers: rows.customers.map((c) => ({
      id: c.id,
      name: c.name,
      partnerId: c.partner_id,
      contacts: contacts.get(c.id) ?? [],
    })),
    agents: rows.agents,
    groupIds: rows.groups.map((g) => g.id),
    leafCauseIds: rows.causes.map((c) => c.id),
    counters: new Map(rows.counters.map((c) => [c.name, Number(c.value)])),
    demoCases: rows.demoCases,
  };
}

function sqliteReference(sqlite: SQLite.Database): Reference {
  const all = <T>(query: string) => sqlite.prepare(query).all() as T[];
  return toReference({
    customers: all(REF_SQL.customers),
    contacts: all(REF_SQL.contacts),
    agents: all(REF_SQL.agents),
    groups: all(REF_SQL.groups),
    causes: all(REF_SQL.causes),
    counters: all(REF_SQL.counters),
    demoCases: (sqlite.prepare('select count(*) as n from support_case').get() as { n: number }).n,
  });
}

async function pgReference(client: pg.Client): Promise<Reference> {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by RefRows below
  const all = async (query: string) => (await client.query(query)).rows as any[];
  return toReference({
    customers: await all(REF_SQL.customers),
    contacts: await all(REF_SQL.contacts),
    agents: await all(REF_SQL.agents),
    groups: await all(REF_SQL.groups),
    causes: await all(REF_SQL.causes),
    counters: await all(REF_SQL.counters),
    demoCases: Number((await all('select count(*) as n from support_case'))[0].n),
  });
}

// ---------------------------------------------------------------------------------------------
// Search terms: the same pipeline as modules/search (germanDocumentTerms), memoised per word.
//
// germanDocumentTerms tokenises with a regex whose tokens never contain whitespace, so the terms
// of a text are exactly the concatenation of the terms of its whitespace-separated words; caching
// per word saves re-stemming the same vocabulary millions of times and changes no term.

const termCache = new Map<string, readonly string[]>();
function documentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    let cached = termCache.get(word);
    if (!cached) {
      cached = germanDocumentTerms(word);
      if (termCache.size < 200_000) termCache.set(word, cached);
    }
    for (const term of cached) terms.push(term);
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Generation

type CaseRow = {
  id: string;
  number: string;
  type: CaseKind;
  status: string;
  priority: string;
  subject: string;
  customer_id: string;
  contact_id: string | null;
  partner_id: string | null;
  third_party_id: null;
  assignee_id: string | null;
  group_id: string | null;
  channel: string;
  cause_id: string | null;
  merged_into_id: null;
  created_by_id: string | null;
  breaching: number;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  last_public_reply_at: string | null;
  last_customer_message_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
};
const CASE_COLUMNS = [
  'id',
  'number',
  'type',
  'status',
  'priority',
  'subject',
  'customer_id',
  'contact_id',
  'partner_id',
  'third_party_id',
  'assignee_id',
  'group_id',
  'channel',
  'cause_id',
  'merged_into_id',
  'created_by_id',
  'breaching',
  'created_at',
  'updated_at',
  'first_response_at',
  'last_public_reply_at',
  'last_customer_message_at',
  'resolved_at',
  'closed_at',
] as const satisfies readonly (keyof CaseRow)[];

type MessageRow = {
  id: string;
  case_id: string;
  visibility: string;
  direction: string;
  author_person_id: string | null;
  author_label: string;
  body_text: string;
  body_html: null;
  channel: string;
  partner_organisation_id: string | null;
  created_at: string;
};
const MESSAGE_COLUMNS = [
  'id',
  'case_id',
  'visibility',
  'direction',
  'author_person_id',
  'author_label',
  'body_text',
  'body_html',
  'channel',
  'partner_organisation_id',
  'created_at',
] as const satisfies readonly (keyof MessageRow)[];

type FactRow = {
  id: string;
  case_id: string;
  key: string;
  label: string;
  value: string;
  source: string;
  state: string;
  note: null;
  updated_by_label: string;
  created_at: string;
  updated_at: string;
};
const FACT_COLUMNS = [
  'id',
  'case_id',
  'key',
  'label',
  'value',
  'source',
  'state',
  'note',
  'updated_by_label',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof FactRow)[];

/** One search document of a case, as case-search.ts writes it (one per reader). */
type SearchDoc = { visibility: string; partner: string; terms: string[] };
/** The visibility codes of SQLite's doc_ids (case-search.ts). */
const SEARCH_LAYERS = ['public', 'partner', 'internal'];
type Batch = { cases: CaseRow[]; messages: MessageRow[]; facts: FactRow[]; documents: SearchDoc[][] };

const OPEN_STATUSES = new Set(['new', 'open', 'waiting_customer', 'waiting_partner', 'waiting_third_party']);
const DAY = 86_400_000;

function statusFor(random: ReturnType<typeof createRandom>, ageMs: number): string {
  if (ageMs > 30 * DAY)
    return random.weighted([
      ['closed', 930],
      ['resolved', 50],
      ['open', 10],
      ['waiting_customer', 6],
      ['waiting_partner', 2],
      ['new', 2],
    ]);
  if (ageMs > 7 * DAY)
    return random.weighted([
      ['closed', 40],
      ['resolved', 25],
      ['open', 15],
      ['waiting_customer', 10],
      ['waiting_partner', 5],
      ['waiting_third_party', 3],
      ['new', 2],
    ]);
  return random.weighted([
    ['new', 20],
    ['open', 35],
    ['waiting_customer', 15],
    ['waiting_partner', 8],
    ['waiting_third_party', 5],
    ['resolved', 12],
    ['closed', 5],
  ]);
}

/**
 * The generator proper: yields batches of cases with their messages, facts and search terms.
 * Ids refer to `ref` (the first dialect's reference data); other dialects map them (see remap).
 */
function* generateBatches(ref: Reference, total: number, endMs: number): Generator<Batch> {
  const random = createRandom(SEED);
  const startMs = endMs - SPAN_MS;
  const step = SPAN_MS / total;
  // Customers by a Zipf-like weight: a few big customers open many cases, most only a few.
  const customerWeights = ref.customers.map((customer, index) => [customer, 1 / (index + 1) ** 0.8] as const);
  const sequences = new Map<number, number>();
  const id = (msecs: number) => uuidv7({ msecs, random: random.bytes16() });
  const iso = (ms: number) => new Date(ms).toISOString();

  let batch: Batch = { cases: [], messages: [], facts: [], documents: [] };
  for (let i = 0; i < total; i++) {
    const created = Math.floor(startMs + i * step + random.next() * Math.max(1, step - 1));
    const year = new Date(created).getUTCFullYear();
    const sequence = (sequences.get(year) ?? ref.counters.get(`case.${year}`) ?? 0) + 1;
    sequences.set(year, sequence);
    const customer = random.weighted(customerWeights);
    const contact =
      customer.contacts.length > 0 && random.chance(0.85) ? random.pick(customer.contacts) : null;
    const type = random.weighted<CaseKind>([
      ['fault', 30],
      ['complaint', 20],
      ['return', 18],
      ['inquiry', 17],
      ['request', 12],
      ['mention', 3],
    ]);
    const status = statusFor(random, endMs - created);
    const open = OPEN_STATUSES.has(status);
    const channel = random.weighted([
      ['email', 45],
      ['web', 25],
      ['phone', 15],
      ['partner', 10],
      ['api', 5],
    ]);
    const agent =
      status === 'new' && random.chance(0.8) ? null : random.chance(0.9) ? random.pick(ref.agents) : null;
    const caseId = id(created);
    const number = `CD-${year}-${String(sequence).padStart(6, '0')}`;
    const subject = subjectFor(random, type, year);
    const customerSignature = contact?.name ?? customer.name;
    const agentName = agent?.name ?? random.pick(ref.agents).name;

    // Messages: 1 + Binomial(8, ½), mean 5; gaps from minutes to days, squeezed into the time left.
    let count = 1;
    for (let k = 0; k < 8; k++) if (random.chance(0.5)) count++;
    const gaps: number[] = [];
    for (let k = 1; k < count; k++)
      gaps.push(
        random.weighted([
          [random.int(60_000, 3_600_000), 3],
          [random.int(3_600_000, DAY), 4],
          [random.int(DAY, 4 * DAY), 2],
        ]),
      );
    const room = endMs - 60_000 - created;
    const gapSum = gaps.reduce((sum, gap) => sum + gap, 0);
    const scale = gapSum > room * 0.9 ? (room * 0.9) / gapSum : 1;
    let at = created;
    let firstResponse: number | null = null;
    let lastReply: number | null = null;
    let lastCustomer: number | null = null;
    const texts: CaseSearchText[] = [];
    for (let k = 0; k < count; k++) {
      if (k > 0) at += Math.max(1, Math.floor(gaps[k - 1]! * scale));
      const kind =
        k === 0
          ? 'inbound'
          : random.weighted([
              ['outbound', 45],
              ['inbound', 30],
              ['note', 15],
              ['partner', customer.partnerId ? 10 : 0],
            ] as const);
      const visibility = kind === 'note' ? 'internal' : kind === 'partner' ? 'partner' : 'public';
      const direction = kind === 'partner' ? (random.chance(0.5) ? 'outbound' : 'inbound') : kind;
      const fromCustomer = direction === 'inbound';
      const body = messageBody(
        random,
        year,
        direction === 'note' ? 'note' : fromCustomer ? 'inbound' : 'outbound',
        fromCustomer ? customerSignature : agentName,
      );
      // A partner note belongs to the customer's reseller (the case's partner here).
      const partnerOrganisationId = visibility === 'partner' ? customer.partnerId : null;
      texts.push({ text: body, visibility, partnerOrganisationId });
      if (direction === 'outbound' && visibility === 'public') {
        firstResponse ??= at;
        lastReply = at;
      }
      if (fromCustomer) lastCustomer = at;
      batch.messages.push({
        id: id(at),
        case_id: caseId,
        visibility,
        direction,
        author_person_id: fromCustomer ? (contact?.id ?? null) : (agent?.id ?? null),
        author_label: fromCustomer ? customerSignature : agentName,
        body_text: body,
        body_html: null,
        channel: k === 0 ? channel : 'email',
        partner_organisation_id: partnerOrganisationId,
        created_at: iso(at),
      });
    }
    const updated = Math.min(at + random.int(0, 600_000), endMs - 1);
    const closed = status === 'closed';
    const resolved = closed || status === 'resolved';
    const factTexts: string[] = [];
    if (random.chance(0.6)) {
      const fact = factFor(random, year);
      factTexts.push(`${fact.label} ${fact.value}`);
      batch.facts.push({
        id: id(created),
        case_id: caseId,
        key: fact.key,
        label: fact.label,
        value: fact.value,
        source: 'agent',
        state: random.chance(0.5) ? 'confirmed' : 'unconfirmed',
        note: null,
        updated_by_label: agentName,
        created_at: iso(created),
        updated_at: iso(created),
      });
    }
    batch.cases.push({
      id: caseId,
      number,
      type,
      status,
      priority: random.weighted([
        ['normal', 60],
        ['high', 20],
        ['low', 15],
        ['urgent', 5],
      ]),
      subject,
      customer_id: customer.id,
      contact_id: contact?.id ?? null,
      partner_id: customer.partnerId,
      third_party_id: null,
      assignee_id: agent?.id ?? null,
      group_id: ref.groupIds.length > 0 && random.chance(0.4) ? random.pick(ref.groupIds) : null,
      channel,
      cause_id:
        resolved && ref.leafCauseIds.length > 0 && random.chance(0.7) ? random.pick(ref.leafCauseIds) : null,
      merged_into_id: null,
      created_by_id:
        channel === 'phone' ? (agent?.id ?? null) : channel === 'web' ? (contact?.id ?? null) : null,
      breaching: open && random.chance(0.08) ? 1 : 0,
      created_at: iso(created),
      updated_at: iso(updated),
      first_response_at: firstResponse === null ? null : iso(firstResponse),
      last_public_reply_at: lastReply === null ? null : iso(lastReply),
      last_customer_message_at: lastCustomer === null ? null : iso(lastCustomer),
      resolved_at: resolved ? iso(updated) : null,
      closed_at: closed ? iso(updated) : null,
    });
    // The documents as rebuildCaseSearch assembles them: number, subject, names, facts (public),
    // then the messages, each for its readers.
    const head = [number, subject, '', customer.name, contact?.name ?? ''].join('\n');
    batch.documents.push(
      searchDocumentsOf([
        { text: head, visibility: 'public' },
        ...factTexts.map((text): CaseSearchText => ({ text, visibility: 'public' })),
        ...texts,
      ]).map((doc) => ({
        visibility: doc.visibility,
        partner: doc.partnerOrganisationId,
        terms: documentTerms(doc.texts.join('\n')),
      })),
    );
    if (batch.cases.length >= BATCH_CASES || i === total - 1) {
      yield batch;
      batch = { cases: [], messages: [], facts: [], documents: [] };
    }
  }
}

/** Maps the reference ids of the first dialect to another dialect's (the demo seed's ids are random). */
function remapper(from: Reference, to: Reference): (id: string | null) => string | null {
  const map = new Map<string, string>();
  const pair = (a: { id: string }[], b: { id: string }[], what: string) => {
    if (a.length !== b.length) throw new Error(`demo ${what} differ between the dialects`);
    for (const [index, item] of a.entries()) map.set(item.id, b[index]!.id);
  };
  pair(from.customers, to.customers, 'customers');
  pair(
    from.customers.flatMap((c) => c.contacts),
    to.customers.flatMap((c) => c.contacts),
    'contacts',
  );
  from.customers.forEach((c, index) => {
    if (c.partnerId) map.set(c.partnerId, to.customers[index]!.partnerId!);
  });
  pair(from.agents, to.agents, 'agents');
  pair(
    from.groupIds.map((id) => ({ id })),
    to.groupIds.map((id) => ({ id })),
    'groups',
  );
  pair(
    from.leafCauseIds.map((id) => ({ id })),
    to.leafCauseIds.map((id) => ({ id })),
    'causes',
  );
  return (id) => (id === null ? null : (map.get(id) ?? id));
}

// ---------------------------------------------------------------------------------------------
// Writers

type Writer = {
  dialect: BenchDialect;
  ref: Reference;
  write(batch: Batch, remap: (id: string | null) => string | null): Promise<void>;
  finish(lastSequences: Map<string, number>): Promise<void>;
};

function remapCase(row: CaseRow, remap: (id: string | null) => string | null): CaseRow {
  return {
    ...row,
    customer_id: remap(row.customer_id)!,
    contact_id: remap(row.contact_id),
    partner_id: remap(row.partner_id),
    assignee_id: remap(row.assignee_id),
    group_id: remap(row.group_id),
    cause_id: remap(row.cause_id),
    created_by_id: remap(row.created_by_id),
  };
}

function sqliteWriter(file: string): Writer {
  const sqlite = new SQLite(file);
  // Generation only: no journal, no fsync, a big page cache. WAL is restored in finish().
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1048576');
  sqlite.pragma('foreign_keys = OFF');
  const ref = sqliteReference(sqlite);
  const insert = (table: string, columns: readonly string[]) =>
    sqlite.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    );
  const insertCase = insert('support_case', CASE_COLUMNS);
  const insertMessage = insert('case_message', MESSAGE_COLUMNS);
  const insertFact = insert('case_fact', FACT_COLUMNS);
  const insertSearch = sqlite.prepare(
    'insert into case_search (doc_id, case_id, visibility, partner_organisation_id) values (?, ?, ?, ?)',
  );
  const insertFts = sqlite.prepare('insert into case_search_fts (rowid, terms) values (?, ?)');
  // doc_id = 4 × the case's number + the visibility's code, as dialect.ts writeFullText assigns it.
  let caseNumber = (
    sqlite.prepare('select coalesce(max(doc_id), -1) / 4 as n from case_search').get() as { n: number }
  ).n;
  const writeBatch = sqlite.transaction((batch: Batch, remap: (id: string | null) => string | null) => {
    batch.cases.forEach((row, index) => {
      const mapped = remapCase(row, remap);
      insertCase.run(CASE_COLUMNS.map((column) => mapped[column]));
      caseNumber += 1;
      const used = new Set<number>();
      for (const doc of batch.documents[index]!) {
        const docId = caseNumber * 4 + SEARCH_LAYERS.indexOf(doc.visibility);
        if (used.has(docId)) throw new Error(`two ${doc.visibility} search documents in case ${row.id}`);
        used.add(docId);
        insertSearch.run(docId, row.id, doc.visibility, doc.partner ? remap(doc.partner) : '');
        insertFts.run(docId, doc.terms.join(' '));
      }
    });
    for (const row of batch.messages)
      insertMessage.run(
        MESSAGE_COLUMNS.map((column) =>
          column === 'author_person_id' || column === 'partner_organisation_id'
            ? remap(row[column])
            : row[column],
        ),
      );
    for (const row of batch.facts) insertFact.run(FACT_COLUMNS.map((column) => row[column]));
  });
  return {
    dialect: 'sqlite',
    ref,
    write: async (batch, remap) => writeBatch(batch, remap),
    finish: async (lastSequences) => {
      const upsert = sqlite.prepare(
        'insert into counter (name, value) values (?, ?) on conflict (name) do update set value = max(counter.value, excluded.value)',
      );
      for (const [name, value] of lastSequences) upsert.run(name, value);
      // The server never runs ANALYZE on SQLite, so neither does the generator: the planner sees
      // the database as a production one would. The FTS5 index is merged as 'optimize' would.
      sqlite.exec(`insert into case_search_fts (case_search_fts) values ('optimize')`);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}

async function pgWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  await client.query(`set maintenance_work_mem = '1GB'`);
  const ref = await pgReference(client);
  // The GIN index is dropped for the bulk load and rebuilt after with the migration's exact
  // statement (src/server/db/migrations/2026_12_06_0001_case_search_per_reader.ts): same end state,
  // one sorted build instead of millions of pending-list merges. The B-tree indexes stay: UUIDv7
  // ids and ascending timestamps append to them.
  await client.query('drop index if exists case_search_document');
  const unnestInsert = (table: string, columns: readonly string[], types: Record<string, string> = {}) => {
    const list = columns.join(', ');
    const arrays = columns.map((column, index) => `$${index + 1}::${types[column] ?? 'text'}[]`).join(', ');
    const select = columns
      .map((column) => (column === 'document' ? 'document::tsvector' : column))
      .join(', ');
    return `insert into ${table} (${list}) select ${select} from unnest(${arrays}) as u(${list})`;
  };
  const caseSql = unnestInsert('support_case', CASE_COLUMNS, { breaching: 'int4' });
  const messageSql = unnestInsert('case_message', MESSAGE_COLUMNS);
  const factSql = unnestInsert('case_fact', FACT_COLUMNS);
  const searchSql = unnestInsert('case_search', [
    'case_id',
    'visibility',
    'partner_organisation_id',
    'document',
  ]);
  const columnsOf = <T extends object>(rows: T[], columns: readonly (keyof T)[]) =>
    columns.map((column) => rows.map((row) => row[column]));
  return {
    dialect: 'postgres',
    ref,
    write: async (batch, remap) => {
      const cases = batch.cases.map((row) => remapCase(row, remap));
      const messages = batch.messages.map((row) => ({
        ...row,
        author_person_id: remap(row.author_person_id),
        partner_organisation_id: remap(row.partner_organisation_id),
      }));
      await client.query('begin');
      await client.query(caseSql, columnsOf(cases, CASE_COLUMNS));
      await client.query(messageSql, columnsOf(messages, MESSAGE_COLUMNS));
      if (batch.facts.length > 0) await client.query(factSql, columnsOf(batch.facts, FACT_COLUMNS));
      const documents = batch.cases.flatMap((row, index) =>
        batch.documents[index]!.map((doc) => ({ caseId: row.id, ...doc })),
      );
      await client.query(searchSql, [
        documents.map((doc) => doc.caseId),
        documents.map((doc) => doc.visibility),
        documents.map((doc) => (doc.partner ? remap(doc.partner) : '')),
        documents.map((doc) => tsvectorLiteral(doc.terms)),
      ]);
      await client.query('commit');
    },
    finish: async (lastSequences) => {
      for (const [name, value] of lastSequences)
        await client.query(
          'insert into counter (name, value) values ($1, $2) on conflict (name) do update set value = greatest(counter.value, excluded.value)',
          [name, value],
        );
      await client.query('create index case_search_document on case_search using gin (document)');
      await client.query('vacuum analyze');
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------

function seedDemo(dialect: BenchDialect, dataDir: string, databaseUrl?: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (dialect === 'postgres') env.DATABASE_URL = databaseUrl;
  const result = spawnSync(process.execPath, ['bin/channeldesk.mjs', 'seed', '--demo'], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`seeding the demo data failed:\n${result.stdout}\n${result.stderr}`);
}

async function preparePostgres(cases: number): Promise<string> {
  const database = pgDatabaseName(cases);
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = pgUrl(database);
  seedDemo('postgres', join(DATA_ROOT, `postgres-${cases}-data`), url);
  return url;
}

/** Generates the data set into each of `dialects` (from scratch) in one pass. */
export async function generate(dialects: BenchDialect[], cases: number): Promise<GeneratedMeta[]> {
  mkdirSync(DATA_ROOT, { recursive: true });
  const started = performance.now();
  const writers: Writer[] = [];
  for (const dialect of dialects) {
    rmSync(metaFile(dialect, cases), { force: true });
    if (dialect === 'sqlite') {
      const dataDir = sqliteDataDir(cases);
      rmSync(dataDir, { recursive: true, force: true });
      seedDemo('sqlite', dataDir);
      writers.push(sqliteWriter(join(dataDir, 'channeldesk.sqlite')));
    } else {
      writers.push(await pgWriter(await preparePostgres(cases)));
    }
  }
  const base = writers[0]!.ref;
  const remaps = writers.map((writer) => remapper(base, writer.ref));
  // Both dialects must number alike: start after the higher counter of the two.
  for (const writer of writers.slice(1))
    for (const [name, value] of writer.ref.counters)
      base.counters.set(name, Math.max(value, base.counters.get(name) ?? 0));

  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
  const bar = new SingleBar({
    format: `generate ${dialects.join('+')} [{bar}] {percentage}% | {value}/{total} cases | {rate} cases/s | {messages} messages | ETA {eta_formatted}`,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 10_000,
  });
  bar.start(cases, 0, { rate: 0, messages: 0 });
  let done = 0;
  let messages = 0;
  let facts = 0;
  const lastSequences = new Map<string, number>();
  // PostgreSQL writes the previous batch while the next one is generated (and SQLite written).
  let pending: Promise<void>[] = [];
  for (const batch of generateBatches(base, cases, endMs)) {
    await Promise.all(pending);
    pending = writers.map((writer, index) => writer.write(batch, remaps[index]!));
    done += batch.cases.length;
    messages += batch.messages.length;
    facts += batch.facts.length;
    for (const row of batch.cases) {
      const [, year, sequence] = row.number.split('-');
      lastSequences.set(`case.${year}`, Number(sequence));
    }
    const seconds = (performance.now() - started) / 1000;
    bar.update(done, { rate: Math.round(done / seconds), messages });
  }
  await Promise.all(pending);
  bar.stop();
  console.log('Finishing (counters, indexes, statistics) …');
  await Promise.all(writers.map((writer) => writer.finish(lastSequences)));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const metas = writers.map(
    (writer): GeneratedMeta => ({
      version: GENERATOR_VERSION,
      dialect: writer.dialect,
      cases,
      messages,
      facts,
      totalCases: cases + writer.ref.demoCases,
      seconds,
      generatedAt: new Date().toISOString(),
      location: writer.dialect === 'sqlite' ? sqliteDataDir(cases) : pgDatabaseName(cases),
    }),
  );
  for (const meta of metas)
    writeFileSync(metaFile(meta.dialect, cases), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(
    `Generated ${cases.toLocaleString('en-US')} cases, ${messages.toLocaleString('en-US')} messages, ${facts.toLocaleString('en-US')} facts into ${dialects.join(' and ')} in ${seconds} s.`,
  );
  return metas;
}

/** The kept data sets for `dialects`, generating those that are missing or incomplete. */
export async function ensureGenerated(
  dialects: BenchDialect[],
  cases: number,
): Promise<Record<BenchDialect, GeneratedMeta & { reused: boolean }>> {
  const result = {} as Record<BenchDialect, GeneratedMeta & { reused: boolean }>;
  const missing: BenchDialect[] = [];
  for (const dialect of dialects) {
    const meta = await reusable(dialect, cases);
    if (meta) result[dialect] = { ...meta, reused: true };
    else missing.push(dialect);
  }
  if (missing.length > 0) {
    for (const meta of await generate(missing, cases)) result[meta.dialect] = { ...meta, reused: false };
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? 'both';
  const dialects: BenchDialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which as BenchDialect];
  if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) {
    console.error('usage: generate-cases.ts [sqlite|postgres|both]');
    process.exit(2);
  }
  const force = process.env.BENCH_REGENERATE === 'true';
  const cases = parseCaseCount(process.env.BENCH_CASES);
  const metas = force ? await generate(dialects, cases) : await ensureGenerated(dialects, cases);
  console.log(JSON.stringify(metas, null, 2));
}
