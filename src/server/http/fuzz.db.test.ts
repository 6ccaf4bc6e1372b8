import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects';
import {
  buildChannel,
  buildOrganisation,
  buildUser,
  type Channel,
  TEST_PASSWORD,
} from '../../../test/factories';
import { logIn, type Session, startTestServer, type TestServer } from '../../../test/test-server';
import { seedDemoBilling } from '../modules/billing/demo-seed';
import { newId } from '../shared/ids';

/**
 * Hostile input on every route: bodies built from each route's own OpenAPI schema, then broken
 * (wrong types, U+0000, huge strings, unknown keys, empty objects, ids that are not ids or name
 * nothing), bad path ids, and bad cursors and filters on the lists. Whatever comes in, the answer
 * is never a 5xx, and a 400 names the field. The seed is fixed, so a failure repeats.
 *
 * Each request runs the whole app (some 5 ms, a document render far more), so the suite sends 40
 * bodies per change route: some 4,300 requests in about 15 s on a busy two-core machine. A deeper run
 * sends more or starts elsewhere: FUZZ_BODIES=200 FUZZ_SEED=7 npx vitest run --project db fuzz.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const BODIES_PER_MUTATION_ROUTE = Number(process.env.FUZZ_BODIES ?? 40);
const REQUESTS_PER_READ_ROUTE = 12;
// Routes whose calls would end the fuzzing sessions.
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'GET /api/cases/stream']);

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};
type Operation = {
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};

/** mulberry32: small, fast and the same on every machine. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Random = ReturnType<typeof randomFrom>;

const NUL = '\u0000';
const TEXTS = [
  'Drucker defekt',
  'Grüße aus Köln – Straße 1',
  '<script>alert(1)</script>',
  '😀🚚',
  "x' or '1'='1",
];
// Optional in the schema, required by the rules for most callers.
const USUALLY_NEEDED = new Set(['customerId', 'label']);
const BAD_IDS = [
  'not-an-id',
  `00000000-0000-7000-8000-00000000000${NUL}`,
  NUL,
  '../../etc/passwd',
  'CD-2026-999999',
  'cd-9999-0000001',
  ' ',
  'x'.repeat(300),
  '%00',
  '1; drop table support_case',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  '   ',
  NUL,
  `a${NUL}b`,
  'x'.repeat(60_000),
  [],
  [NUL],
  {},
  { [NUL]: 1 },
  JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}'),
  '2026-02-30T25:61:00Z',
  'ÄÖÜ'.repeat(200),
];

/** Plausible values for strings with a pattern, found in our schemas; anything else gets text. */
const PATTERN_SAMPLES = ['09:00', '17:30', 'serial_number', '26121', 'DE123456789', 'Vorgang (\\d+)'];

class Sampler {
  constructor(
    private readonly random: Random,
    /** Ids by the field that names them (`customerId`, `memberIds`), and `*` for any. */
    private readonly ids: Record<string, string[]>,
    /** Plausible text by the field that holds it (`timeZone`, `target`). */
    private readonly texts: Record<string, string[]>,
  ) {}

  value(schema: JsonSchema | undefined, depth = 0, name = ''): unknown {
    const r = this.random;
    if (!schema || depth > 6) return r.pick(TEXTS);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return r.pick(schema.enum);
    const options = schema.anyOf ?? schema.oneOf;
    if (options && options.length > 0) return this.value(r.pick(options), depth + 1, name);
    if (schema.allOf && schema.allOf.length > 0) return this.value(schema.allOf[0], depth + 1, name);
    const types = [schema.type ?? 'string'].flat();
    const type = r.pick(types.length > 1 && r.chance(0.7) ? types.filter((t) => t !== 'null') : types);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return r.chance(0.5);
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? -5;
        const max = Math.min(schema.maximum ?? 100_000, min + 100_000);
        const n = r.int(Math.ceil(min), Math.floor(max));
        return type === 'integer' ? n : n + (r.chance(0.3) ? 0.5 : 0);
      }
      case 'array': {
        const count = r.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3));
        if (schema.prefixItems) return schema.prefixItems.map((s) => this.value(s, depth + 1));
        const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
        return Array.from({ length: count }, () => this.value(items, depth + 1, name));
      }
      case 'object':
        return this.object(schema, depth);
      default:
        return this.string(schema, name);
    }
  }

  object(schema: JsonSchema, depth = 0): Record<string, unknown> {
    const r = this.random;
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    // Sometimes only what is required: optional fields often break a rule, and the request
    // should also get past the rules into the writing.
    const optional = r.chance(0.3) ? 0 : 0.5;
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (required.has(key) || USUALLY_NEEDED.has(key) || r.chance(optional))
        out[key] = this.value(property, depth + 1, key);
    }
    if (typeof schema.additionalProperties === 'object') {
      for (let i = r.int(0, 3); i > 0; i--) {
        const key = schema.propertyNames?.enum
          ? String(r.pick(schema.propertyNames.enum))
          : r.pick(['1', '3', 'status', 'x']);
        out[key] = this.value(schema.additionalProperties, depth + 1);
      }
    }
    return out;
  }

  string(schema: JsonSchema, name: string): string {
    const r = this.random;
    switch (schema.format) {
      case 'uuid':
        return r.chance(0.8) ? r.pick(this.ids[name] ?? this.ids['*']!) : newId();
      case 'date-time':
        return r.pick(['2026-12-24T10:00:00.000Z', '2026-11-01T08:00:00+01:00', '2030-01-01T00:00:00Z']);
      case 'date':
        return r.pick(['2026-12-24', '2027-01-01']);
      case 'email':
        return `fuzz${r.int(1, 1e6)}@test.example`;
      case 'uri':
      case 'url':
        return r.pick(['https://example.com/feed', 'imap://user:pw@127.0.0.1:1/INBOX']);
    }
    const known = this.texts[name];
    if (known && r.chance(0.9)) return r.pick(known);
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      const fitting = PATTERN_SAMPLES.filter((sample) => pattern.test(sample));
      return r.pick(fitting.length > 0 && r.chance(0.9) ? fitting : PATTERN_SAMPLES);
    }
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? 40, 40);
    let text = r.pick(TEXTS);
    while (text.length < min) text += ' Text';
    return text.slice(0, Math.max(min, max));
  }
}

/** Breaks a well-formed body in one of the ways a careless or hostile client would. */
function breakBody(random: Random, body: unknown): unknown {
  const r = random;
  const shape = r.int(0, 9);
  if (shape === 0) return {};
  if (shape === 1) return { [`unknown${r.int(1, 9)}`]: r.pick(WRONG_VALUES), zzz: 'x' };
  if (shape === 2) return r.pick<unknown>([[], 'text', 42, null, [body], NUL]);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(copy);
  for (let i = r.int(1, 3); i > 0 && keys.length > 0; i--) {
    const key = r.pick(keys);
    const value = copy[key];
    copy[key] =
      typeof value === 'string' && r.chance(0.4)
        ? r.pick([`${value}${NUL}`, `${value}${'x'.repeat(r.pick([300, 5000, 120_000]))}`, r.pick(BAD_IDS)])
        : Array.isArray(value) && value.length > 0 && r.chance(0.4)
          ? [...value, r.pick(WRONG_VALUES)]
          : r.pick(WRONG_VALUES);
  }
  if (r.chance(0.3))
    copy[r.pick(['extra', 'id', 'createdAt', 'roles', 'organisationId'])] = r.pick(WRONG_VALUES);
  return copy;
}

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

const BAD_CURSORS = [
  'not-a-cursor',
  '',
  NUL,
  base64url(['2026-11-24T09:00:00.000Z', NUL]),
  base64url([`2026${NUL}`, '00000000-0000-7000-8000-000000000000']),
  base64url(['2026-11-24T09:00:00.000Z', 'not-an-id']),
  base64url([1, 2]),
  base64url({ a: 1 }),
  base64url(['x'.repeat(400), '00000000-0000-7000-8000-000000000000']),
  base64url('['),
  '%00',
  'x'.repeat(499),
];

for (const dialect of DIALECTS) {
  describe(`hostile input on every route [${dialect}]`, () => {
    let server: TestServer;
    let channel: Channel;
    let operator: Session;
    let customer: Session;
    let partner: Session;
    let spec: { paths: Record<string, Record<string, Operation>> };
    const pools: Record<string, string[]> = {};

    beforeAll(async () => {
      server = await startTestServer(dialect, { rateLimitPerMinute: 100_000 });
      channel = await buildChannel(server.deps);
      const thirdParty = await buildOrganisation(server.deps, {
        kind: 'third_party',
        name: 'Carrier AG',
        email: 'stoerung@carrier.example',
      });
      // People the fuzzing may change or deactivate; the sessions below belong to others.
      const spare = await buildUser(server.deps, channel.customerA2, ['customer_user']);
      const sparePartner = await buildUser(server.deps, channel.partnerB, ['partner_agent']);
      operator = await logIn(server.app, channel.users.operator_admin.email, TEST_PASSWORD);
      customer = await logIn(server.app, channel.users.customer_user.email, TEST_PASSWORD);
      partner = await logIn(server.app, channel.users.partner_admin.email, TEST_PASSWORD);
      const post = async (url: string, payload: unknown) => {
        const response = await operator.request({ method: 'POST', url, payload: payload as object });
        expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
        return response.json() as { id: string; number?: string };
      };
      const cases = [];
      // Two of one customer, so merging can succeed.
      const customers = [channel.customerA1, channel.customerA1, channel.customerA2, channel.customerB1];
      for (const { id: customerId } of customers) {
        cases.push(
          await post('/api/cases', {
            type: 'complaint',
            subject: 'Fuzz-Fall',
            description: 'Text',
            customerId,
          }),
        );
      }
      const category = await post('/api/causes', { nameDe: 'Versand', nameEn: 'Shipping' });
      const cause = await post('/api/causes', { parentId: category.id, nameDe: 'Zu spät', nameEn: 'Late' });
      const group = await post('/api/groups', { name: 'Fuzz', memberIds: [channel.users.agent.id] });
      const textModule = await post('/api/text-modules', {
        name: 'Gruß',
        language: 'de',
        body: 'Hallo {{contact.name}}',
      });
      const view = await post('/api/saved-views', { name: 'Offen', filters: { status: 'open' } });
      const commitment = await post(`/api/cases/${cases[0]!.id}/commitments`, {
        description: 'Rückruf',
        dueAt: '2026-12-24T10:00:00.000Z',
      });
      const token = await post('/api/api-tokens', { name: 'fuzz', scopes: ['read'] });
      const mailbox = await operator.request({
        method: 'POST',
        url: '/api/mailboxes',
        payload: { address: 'service@desk.example', name: 'Service' },
      });
      const upload = await operator.request({
        method: 'POST',
        url: `/api/cases/${cases[0]!.id}/attachments?fileName=a.txt`,
        headers: { 'content-type': 'text/plain' },
        payload: 'Datei',
      });
      const policy = await post('/api/sla-policies', { name: 'Standard', firstResponseMinutes: 240 });
      // Billing: a charge on an invoice and one still open, so invoice routes meet real ids.
      await seedDemoBilling(server.deps);
      const charges = [];
      for (let i = 0; i < 2; i += 1) {
        charges.push(
          await post(`/api/accounts/${channel.customerA1.id}/charges`, {
            type: 'service',
            amountCents: 1000,
            description: 'Fuzz',
            serviceDate: '2026-11-20',
          }),
        );
      }
      const issued = (await post('/api/invoices', {
        customerId: channel.customerA1.id,
        chargeIds: [charges[0]!.id],
      })) as unknown as { invoices: { id: string }[] };
      Object.assign(pools, {
        case: [...cases.map((c) => c.id), ...cases.map((c) => c.number as string)],
        organisation: [
          channel.customerA2.id,
          channel.customerB1.id,
          channel.directCustomer.id,
          channel.partnerB.id,
          thirdParty.id,
        ],
        user: [spare.id, sparePartner.id],
        cause: [category.id, cause.id],
        group: [group.id],
        textModule: [textModule.id],
        savedView: [view.id],
        commitment: [commitment.id],
        apiToken: [token.id],
        mailbox: mailbox.statusCode < 300 ? [mailbox.json().id] : [newId()],
        attachment: upload.statusCode < 300 ? [upload.json().id] : [newId()],
        slaPolicy: [policy.id],
        inboundMail: [newId()],
        invoice: issued.invoices.map((invoice) => invoice.id),
        charge: charges.map((c) => c.id),
      });
      spec = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    }, 60_000);
    afterAll(async () => server?.close());

    function poolForPath(path: string, param: string): string[] {
      if (param === 'key') return ['serial_number', 'urgency'];
      if (param === 'kind') return ['relates_to', 'duplicate_of'];
      if (param === 'token') return ['not-a-token', 'x'.repeat(1500)];
      if (param === 'commitmentId') return pools.commitment!;
      if (param === 'attachmentId') return pools.attachment!;
      if (param === 'code') return ['service', 'fee_dunning', 'nothing'];
      if (param === 'target' || path.startsWith('/api/cases/')) return pools.case!;
      const resource: Record<string, string> = {
        organisations: 'organisation',
        users: 'user',
        causes: 'cause',
        'text-modules': 'textModule',
        'saved-views': 'savedView',
        'api-tokens': 'apiToken',
        mailboxes: 'mailbox',
        'inbound-mail': 'inboundMail',
        'sla-policies': 'slaPolicy',
        accounts: 'organisation',
        invoices: 'invoice',
      };
      return pools[resource[path.split('/')[2] ?? ''] ?? ''] ?? [newId()];
    }

    it('never answers a 5xx, and names the field in every 400', async () => {
      const random = randomFrom(SEED);
      const allIds = Object.values(pools)
        .flat()
        .filter((id) => id.length === 36);
      const people = [...pools.user!, ...Object.values(channel.users).map((u) => u.id)];
      const sampler = new Sampler(
        random,
        {
          '*': [...allIds, channel.customerA1.id, channel.partnerA.id],
          customerId: [
            channel.customerA1.id,
            channel.customerA2.id,
            channel.customerB1.id,
            channel.directCustomer.id,
          ],
          partnerId: [channel.partnerA.id, channel.partnerB.id],
          thirdPartyId: [pools.organisation![4]!],
          organisationId: pools.organisation!,
          contactId: people,
          ownerId: people,
          assigneeId: people,
          leadPersonId: people,
          memberIds: people,
          groupId: pools.group!,
          causeId: pools.cause!,
          parentId: pools.cause!,
          attachmentIds: pools.attachment!,
          chargeIds: pools.charge!,
        },
        {
          target: pools.case!,
          into: pools.case!,
          caseId: pools.case!,
          caseNumber: pools.case!.filter((ref) => ref.startsWith('CD-')),
          timeZone: ['Europe/Berlin', 'America/New_York'],
          locale: ['de', 'en'],
          language: ['de', 'en'],
          holidayState: ['NI', 'BY', 'DE'],
          password: ['ein langes Passwort 123'],
          email: [`fuzz-${dialect}@test.example`, channel.users.agent.email],
          address: ['service2@desk.example'],
          note: ['Bitte prüfen'],
        },
      );
      const failures: string[] = [];
      let sent = 0;
      const answers = new Map<string, number>();
      const send = async (
        session: Session | null,
        options: InjectOptions & { url: string },
        label: string,
      ) => {
        let response: LightMyRequestResponse;
        try {
          response = await (session ? session.request(options) : server.app.inject(options));
        } catch (error) {
          failures.push(`${label}: threw ${String(error)}`);
          return;
        }
        sent += 1;
        const key = `${label} ${response.statusCode}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
        const shown = JSON.stringify(options.payload ?? null)?.slice(0, 200);
        if (response.statusCode >= 500) {
          failures.push(`${label} → ${response.statusCode} ${options.url.slice(0, 200)} ${shown}`);
        } else if (response.statusCode === 400) {
          const errors = (response.json() as { errors?: { field: string }[] }).errors ?? [];
          if (errors.length === 0 || errors.some((e) => !e.field)) {
            failures.push(`${label} → 400 without a field: ${response.body.slice(0, 200)} ${shown}`);
          }
        }
      };

      const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          operation,
          route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        })),
      );
      const tested = routes.filter((r) => r.path.startsWith('/api') && !SKIPPED.has(r.route));
      expect(tested.length).toBeGreaterThan(50);
      // Every registered change route is fuzzed, including one left out of the API docs.
      const fuzzed = new Set(tested.map((r) => r.route));
      const unfuzzed = server.app.registeredRoutes
        .filter((r) => r.url.startsWith('/api') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        .map((r) => `${r.method} ${r.url}`)
        .filter((route) => !fuzzed.has(route) && !SKIPPED.has(route));
      expect(unfuzzed).toEqual([]);

      for (const { method, path, operation, route } of tested) {
        const mutation = method !== 'GET' && method !== 'HEAD';
        const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');
        const jsonSchema = operation.requestBody?.content['application/json']?.schema;
        const rounds = mutation ? BODIES_PER_MUTATION_ROUTE : REQUESTS_PER_READ_ROUTE;
        for (let round = 0; round < rounds; round++) {
          // Mostly real ids, so requests get past the lookup and into the rules; sometimes bad ones.
          let url = path;
          for (const name of params) {
            const value = random.chance(0.8) ? random.pick(poolForPath(path, name)) : random.pick(BAD_IDS);
            url = url.replace(`{${name}}`, encodeURIComponent(value));
          }
          const query = new URLSearchParams();
          for (const parameter of queryParams) {
            if (!random.chance(0.5)) continue;
            const value =
              parameter.name === 'cursor'
                ? random.pick(BAD_CURSORS)
                : random.chance(0.7)
                  ? sampler.value(parameter.schema)
                  : random.pick(WRONG_VALUES);
            query.set(parameter.name, Array.isArray(value) ? value.join(',') : String(value));
          }
          if (random.chance(0.1)) query.set('unknown', NUL);
          const search = query.toString();
          const session = random.chance(0.7) ? operator : random.pick([customer, partner, null]);
          const options: InjectOptions & { url: string } = {
            method: method as InjectOptions['method'],
            url: search ? `${url}?${search}` : url,
          };
          if (mutation) {
            if (path.endsWith('/attachments')) {
              options.headers = {
                'content-type': random.pick(['text/plain', 'application/pdf', 'image/png']),
              };
              options.payload = random.chance(0.5) ? `Inhalt${NUL}` : Buffer.alloc(random.int(0, 2000), 0);
            } else if (jsonSchema) {
              const sample = sampler.value(jsonSchema);
              options.payload = (random.chance(0.6) ? breakBody(random, sample) : sample) as object;
            } else if (random.chance(0.5)) {
              options.payload = breakBody(random, {}) as object;
            }
            if (options.payload !== undefined && !Buffer.isBuffer(options.payload)) {
              const raw = JSON.stringify(options.payload);
              options.headers = { ...options.headers, 'content-type': 'application/json' };
              options.payload = random.chance(0.03) ? `${raw.slice(0, -1)}` : raw;
            }
          }
          await send(session, options, route);
        }
      }
      // FUZZ_STATS=1 shows how far the requests got on each route (how many passed validation).
      if (process.env.FUZZ_STATS) console.log(Object.fromEntries(answers));
      expect(failures, `FUZZ_SEED=${SEED} FUZZ_BODIES=${BODIES_PER_MUTATION_ROUTE}`).toEqual([]);
      console.log(`[${dialect}] ${sent} requests`);
      expect(sent).toBeGreaterThan(2000);
    }, 120_000);
  });
}
