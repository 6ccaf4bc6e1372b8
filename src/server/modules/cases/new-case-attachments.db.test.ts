// A new case whose file is too large is refused whole: the form announces its files with the case,
// the server checks them against ATTACHMENT_MAX_MB first, and no case is opened without its file.
// The web app reads the limit from the session to state it next to every upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCases, startChannelServer } from '../../../../test/channel-server';
import { DIALECTS } from '../../../../test/dialects';
import type { Session, TestServer } from '../../../../test/test-server';

type Problem = { status: number; code: string; errors?: { field: string; message: string }[] };

for (const dialect of DIALECTS) {
  describe(`a new case with its files [${dialect}]`, () => {
    let server: TestServer;
    let customer: Session;
    let max: number;

    beforeAll(async () => {
      ({ server, customer } = await startChannelServer(dialect, { customer: 'customer_user' }));
      max = server.deps.config.cases.attachmentMaxBytes;
    });
    afterAll(async () => server.close());

    const newCase = (attachments: object[]) => ({
      type: 'complaint',
      subject: 'Drucker zieht schief ein',
      description: 'Foto und Video anbei.',
      attachments,
    });

    it('the session tells the web app the upload limit', async () => {
      const session = await customer.request({ method: 'GET', url: '/api/auth/session' });
      expect(session.json<{ limits: { attachmentMaxBytes: number } }>().limits).toEqual({
        attachmentMaxBytes: max,
      });
    });

    it('refuses a case whose announced file is past the limit, naming the file, and opens none', async () => {
      const before = await countCases(server);
      const response = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: newCase([
          { fileName: 'foto.jpg', size: 1000 },
          { fileName: 'video.mp4', size: max + 1 },
        ]),
      });
      expect(response.statusCode).toBe(400);
      const problem = response.json<Problem>();
      expect(problem.code).toBe('validation');
      expect(problem.errors).toEqual([
        { field: 'attachments.1.size', message: `is larger than the limit of ${max / 1024 / 1024} MB` },
      ]);
      expect(await countCases(server)).toBe(before);
    });

    it('refuses an empty file the same way', async () => {
      const before = await countCases(server);
      const response = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: newCase([{ fileName: 'leer.txt', size: 0 }]),
      });
      expect(response.json<Problem>().errors).toEqual([
        { field: 'attachments.0.size', message: 'the file is empty' },
      ]);
      expect(await countCases(server)).toBe(before);
    });

    it('opens the case when every file fits, and the upload of a larger file answers payload_too_large', async () => {
      const response = await customer.request({
        method: 'POST',
        url: '/api/cases',
        payload: newCase([{ fileName: 'foto.jpg', size: max }]),
      });
      expect(response.statusCode).toBe(201);
      const created = response.json<{ id: string }>();
      const upload = await customer.request({
        method: 'POST',
        url: `/api/cases/${created.id}/attachments?fileName=gross.bin`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: Buffer.alloc(max + 1),
      });
      expect(upload.statusCode).toBe(413);
      // A code of our own, which the web app has words for, rather than Fastify's FST_… code.
      expect(upload.json<Problem>().code).toBe('payload_too_large');
    });
  });
}
