import type pg from 'pg';

/**
 * pg's pool.end() resolves before its sockets have closed. Dropping WITH (FORCE) at that
 * moment sends a FATAL to a client that no longer listens for errors, and the test run fails
 * on an uncaught exception; copying a template needs it unused. So wait for the connections to go.
 */
export async function waitForConnectionsToClose(admin: pg.Client, database: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const open = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
      database,
    ]);
    if (open.rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
