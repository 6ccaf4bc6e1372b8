import { handleNotificationTimer } from '../src/server/modules/notifications/worker';
import type { TestServer } from './test-server';

/** Runs the notification worker over every queued notification timer, due or not (the tests do not wait for them). */
export async function runNotificationTimers(server: TestServer): Promise<void> {
  const timers = await server.deps.db
    .selectFrom('timer')
    .selectAll()
    .where('kind', '=', 'notification')
    .execute();
  for (const timer of timers) await handleNotificationTimer(server.deps, timer);
}
