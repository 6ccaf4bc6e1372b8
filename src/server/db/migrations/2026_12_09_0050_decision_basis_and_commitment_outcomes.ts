import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialect';

// A goodwill decision keeps the facts it was made on: `basis` holds each cited fact's key, label
// and value at decision time, so a later correction no longer rewrites what the decision shows;
// `basis_changed_at` marks when a cited fact came to differ, and the decider (`decided_by_person_id`)
// is the one told. Decisions made before this take the facts' values of today as their basis, the
// best that is known of them.
//
// A commitment still open when its case is resolved is settled on the way: kept, dropped with a
// reason (`outcome_reason`, status `dropped`) or carried over (it stays open and its clock runs on).
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('case_decision')
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('case_decision').addColumn('basis_changed_at', 'text').execute();
  await db.schema
    .alterTable('case_decision')
    .addColumn('decided_by_person_id', 'text', (c) => c.references('person.id'))
    .execute();
  await db.schema.alterTable('case_commitment').addColumn('outcome_reason', 'text').execute();

  const decisions = await sql<{ id: string; cited_fact_ids: string }>`
    SELECT id, cited_fact_ids FROM case_decision
  `.execute(db);
  for (const decision of decisions.rows) {
    const ids = JSON.parse(decision.cited_fact_ids) as string[];
    if (ids.length === 0) continue;
    const facts = await sql<{ id: string; key: string; label: string; value: string }>`
      SELECT id, key, label, value FROM case_fact WHERE id IN (${sql.join(ids)})
    `.execute(db);
    const byId = new Map(facts.rows.map((f) => [f.id, f]));
    const basis = ids.flatMap((id) => {
      const fact = byId.get(id);
      return fact ? [{ factId: fact.id, key: fact.key, label: fact.label, value: fact.value }] : [];
    });
    await sql`UPDATE case_decision SET basis = ${JSON.stringify(basis)} WHERE id = ${decision.id}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('case_commitment').dropColumn('outcome_reason').execute();
  await db.schema.alterTable('case_decision').dropColumn('decided_by_person_id').execute();
  await db.schema.alterTable('case_decision').dropColumn('basis_changed_at').execute();
  await db.schema.alterTable('case_decision').dropColumn('basis').execute();
}
