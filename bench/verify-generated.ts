// Checks that the generator wrote each sampled case's search documents exactly as the server
// would: rebuilds it with the server's own rebuildCaseSearch inside a transaction that is rolled
// back, and compares the stored document before and after.
//
// Usage: BENCH_CASES=100000 node bin/run-ts.mjs bench/verify-generated.ts [sqlite|postgres]
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectDatabase } from '../src/server/db/connect';
import { rebuildCaseSearch } from '../src/server/modules/cases/search-document';
import { type BenchDialect, parseCaseCount, pgDatabaseName, pgUrl, sqliteDataDir } from './generate-cases';

const dialect = (process.argv[2] ?? 'sqlite') as BenchDialect;
const cases = parseCaseCount(process.env.BENCH_CASES);
const database = connectDatabase(
  dialect === 'sqlite'
    ? { dialect: 'sqlite', file: join(sqliteDataDir(cases), 'channeldesk.sqlite') }
    : { dialect: 'postgres', url: pgUrl(pgDatabaseName(cases)) },
);
/** All search documents of a case, one line each: visibility/partner: terms. */
const documentOf = async (db: typeof database.db, caseId: string): Promise<string> => {
  const query =
    dialect === 'sqlite'
      ? sql<{ doc: string }>`select s.visibility || '/' || s.partner_organisation_id || ': ' || f.terms as doc
          from case_search s join case_search_fts f on f.rowid = s.doc_id where s.case_id = ${caseId}
          order by s.visibility, s.partner_organisation_id`
      : sql<{
          doc: string;
        }>`select visibility || '/' || partner_organisation_id || ': ' || document::text as doc
          from case_search where case_id = ${caseId} order by visibility, partner_organisation_id`;
  const rows = (await query.execute(db)).rows;
  return rows.length > 0 ? rows.map((row) => row.doc).join('\n') : '(none)';
};
// Generated cases have no events (the demo seed's do): sample only those.
const ids = (
  await sql<{
    id: string;
  }>`select id from support_case where id not in (select case_id from case_event) order by random() limit 20`.execute(
    database.db,
  )
).rows.map((r) => r.id);
let mismatches = 0;
for (const id of ids) {
  const stored = await documentOf(database.db, id);
  let rebuilt = '';
  await database.db
    .transaction()
    .execute(async (trx) => {
      await rebuildCaseSearch(trx, dialect, id);
      rebuilt = await documentOf(trx as unknown as typeof database.db, id);
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
  if (stored !== rebuilt) {
    mismatches += 1;
    console.log(`MISMATCH ${id}\n  stored:  ${stored.slice(0, 300)}\n  rebuilt: ${rebuilt.slice(0, 300)}`);
  }
}
console.log(
  `${dialect}: ${ids.length - mismatches}/${ids.length} sampled search documents identical to the server's rebuild`,
);
await database.close();
process.exitCode = mismatches > 0 ? 1 : 0;
