import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { logIn, type Session, startTestServer, type TestServer } from '../../../../test/test-server';
import { seedDemoData } from './seed';

const DAY_MS = 86_400_000;

// A fresh demo shows the service reports with something in them: causes over months against the
// period before, a repeat contact, survey answers in this quarter and the last, and the finished
// return whose parcel held newspapers.
for (const dialect of DIALECTS) {
  describe(`service reports on the demo data [${dialect}]`, () => {
    let server: TestServer;
    let admin: Session;
    const day = (daysAgo: number) =>
      new Date(server.clock.now().getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    const report = async (name: 'causes' | 'surveys', query = '') => {
      const response = await admin.request({ method: 'GET', url: `/api/reports/${name}${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    beforeAll(async () => {
      server = await startTestServer(dialect);
      expect(await seedDemoData(server.deps)).not.toBeNull();
      admin = await logIn(server.app, 'admin@printwerk.example', 'channeldesk-demo');
    }, 180_000);
    afterAll(async () => server.close());

    it('shows causes over months against the year before, a repeat contact and the rejected return', async () => {
      const causes = await report('causes');
      expect(causes.granularity).toBe('month');
      expect(new Set(causes.overTime.rows.map((r: { bucket: string }) => r.bucket)).size).toBeGreaterThan(3);
      expect(causes.topCauses.rows.some((r: { previousCount: number }) => r.previousCount > 0)).toBe(true);
      expect(causes.timeToResolve.rows.some((r: { medianHours: number }) => r.medianHours > 0)).toBe(true);
      expect(causes.repeatContacts.total).toBeGreaterThanOrEqual(1);
      expect(causes.returns.byOutcome).toEqual([{ outcome: 'rejected', count: 1 }]);
      expect(causes.returns.byCondition).toEqual(
        expect.arrayContaining([{ condition: 'wrong_contents', count: 1 }]),
      );
      const labels = causes.causes.map((c: { nameDe: string }) => c.nameDe);
      expect(labels).toContain('Retoure › Retoure mit Fremdinhalt (z. B. Zeitungen)');
    });

    it('has survey answers in this quarter and the one before, for two agents and two groups', async () => {
      const quarter = await report('surveys', `?from=${day(89)}&to=${day(0)}`);
      const before = await report('surveys', `?from=${day(179)}&to=${day(90)}`);
      expect(quarter.summary.answers).toBeGreaterThanOrEqual(5);
      expect(before.summary.answers).toBeGreaterThanOrEqual(3);
      const year = await report('surveys');
      expect(year.byAgent.filter((g: { key: string | null }) => g.key !== null)).toHaveLength(2);
      expect(year.byGroup.map((g: { name: string }) => g.name).sort()).toEqual([
        'Buchhaltung',
        'Reklamationen',
      ]);
      expect(year.summary.distribution.every((n: number) => n > 0)).toBe(true);
      expect(year.comments.some((c: { comment: string }) => /Zeitungen/.test(c.comment))).toBe(true);
    });
  });
}
