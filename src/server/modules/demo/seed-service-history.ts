// Resolved cases of the last months for the service reports: causes spread over this quarter, the
// one before and a year ago (top causes against the last period), a repeat contact, agents and
// groups with their survey answers, and the finished return with old newspapers in the parcel
// (scenario S5). Each change runs through the services at the time it would have happened.
import type { Deps } from '../../shared/deps';
import type { UserScope } from '../../shared/scope';
import { createCase, updateCase } from '../cases/service';
import { seedDemoRejectedReturn } from '../returns/demo-seed';
import { answerDemoSurvey } from '../surveys/demo-seed';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Indexes into the demo causes (seed-cases.ts CAUSES, children in order). */
const CAUSE = {
  postOffice: 0,
  afterPickup: 1,
  damaged: 2,
  returnIncomplete: 3,
  foreignContent: 4,
  incompatible: 5,
  deadOnArrival: 6,
  operatingError: 7,
  giveAway: 8,
  invoiceMissing: 9,
} as const;

type HistoryCase = {
  daysAgo: number;
  subject: string;
  type: 'complaint' | 'return' | 'fault' | 'request';
  cause: keyof typeof CAUSE;
  /** Index into the customers picked for the history; the same index twice is the same customer. */
  customer: number;
  hoursToResolve: number;
  by: 'agent' | 'admin';
  group: 'complaints' | 'billing';
  survey?: { score: number; comment?: string };
};

const HISTORY: HistoryCase[] = [
  // About a year ago: the period before the default twelve months.
  {
    daysAgo: 400,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 0,
    hoursToResolve: 3,
    by: 'agent',
    group: 'complaints',
  },
  {
    daysAgo: 395,
    subject: 'Bestellung nicht versendet',
    type: 'complaint',
    cause: 'afterPickup',
    customer: 1,
    hoursToResolve: 6,
    by: 'agent',
    group: 'complaints',
  },
  {
    daysAgo: 388,
    subject: 'Zugabe fehlt',
    type: 'complaint',
    cause: 'giveAway',
    customer: 2,
    hoursToResolve: 20,
    by: 'admin',
    group: 'complaints',
  },
  {
    daysAgo: 380,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 3,
    hoursToResolve: 2,
    by: 'agent',
    group: 'complaints',
  },
  // The quarter before this one.
  {
    daysAgo: 170,
    subject: 'Karton beschädigt angekommen',
    type: 'complaint',
    cause: 'damaged',
    customer: 4,
    hoursToResolve: 30,
    by: 'agent',
    group: 'complaints',
    survey: { score: 3 },
  },
  {
    daysAgo: 160,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 5,
    hoursToResolve: 4,
    by: 'agent',
    group: 'complaints',
    survey: { score: 4 },
  },
  {
    daysAgo: 150,
    subject: 'Bestellung erst am Folgetag versendet',
    type: 'complaint',
    cause: 'afterPickup',
    customer: 6,
    hoursToResolve: 5,
    by: 'admin',
    group: 'complaints',
    survey: { score: 2, comment: 'Die Abholzeit stand nirgends im Shop.' },
  },
  {
    daysAgo: 140,
    subject: 'Festplatte am Notebook nicht erkannt',
    type: 'fault',
    cause: 'incompatible',
    customer: 7,
    hoursToResolve: 52,
    by: 'agent',
    group: 'complaints',
    survey: { score: 4 },
  },
  {
    daysAgo: 125,
    subject: 'Rechnung für Rücklastschriftgebühr fehlt',
    type: 'request',
    cause: 'invoiceMissing',
    customer: 8,
    hoursToResolve: 8,
    by: 'admin',
    group: 'billing',
    survey: { score: 5 },
  },
  {
    daysAgo: 110,
    subject: 'Zugabe fehlt in der Lieferung',
    type: 'complaint',
    cause: 'giveAway',
    customer: 9,
    hoursToResolve: 26,
    by: 'agent',
    group: 'complaints',
  },
  // This quarter.
  {
    daysAgo: 80,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 10,
    hoursToResolve: 2,
    by: 'agent',
    group: 'complaints',
    survey: { score: 5, comment: 'Schnelle und freundliche Antwort.' },
  },
  {
    daysAgo: 66,
    subject: 'Bestellung nach Abholung eingegangen',
    type: 'complaint',
    cause: 'afterPickup',
    customer: 11,
    hoursToResolve: 3,
    by: 'agent',
    group: 'complaints',
    survey: { score: 4 },
  },
  {
    daysAgo: 52,
    subject: 'Drucker startet nicht nach Lieferung',
    type: 'fault',
    cause: 'deadOnArrival',
    customer: 12,
    hoursToResolve: 70,
    by: 'admin',
    group: 'complaints',
    survey: { score: 3, comment: 'Der Austausch hat fast eine Woche gedauert.' },
  },
  {
    daysAgo: 40,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 13,
    hoursToResolve: 3,
    by: 'agent',
    group: 'complaints',
    survey: { score: 5 },
  },
  {
    daysAgo: 33,
    subject: 'Retoure ohne Netzteil angekommen',
    type: 'return',
    cause: 'returnIncomplete',
    customer: 14,
    hoursToResolve: 48,
    by: 'admin',
    group: 'complaints',
    survey: { score: 2 },
  },
  // A repeat contact: the same customer with the parcel at the post office again within 30 days.
  {
    daysAgo: 24,
    subject: 'Paket liegt in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 10,
    hoursToResolve: 1,
    by: 'agent',
    group: 'complaints',
  },
  {
    daysAgo: 18,
    subject: 'Druckbild streifig',
    type: 'fault',
    cause: 'operatingError',
    customer: 15,
    hoursToResolve: 6,
    by: 'agent',
    group: 'complaints',
    survey: { score: 5, comment: 'Mit der Anleitung ging es sofort.' },
  },
  {
    daysAgo: 9,
    subject: 'Paket liegt schon wieder in der Filiale',
    type: 'complaint',
    cause: 'postOffice',
    customer: 10,
    hoursToResolve: 2,
    by: 'agent',
    group: 'complaints',
    survey: { score: 3, comment: 'Bitte beim nächsten Mal an der Haustür klingeln.' },
  },
  {
    daysAgo: 6,
    subject: 'Gebühr auf der Rechnung unklar',
    type: 'request',
    cause: 'invoiceMissing',
    customer: 8,
    hoursToResolve: 4,
    by: 'admin',
    group: 'billing',
    survey: { score: 4 },
  },
];

const SUBJECTS: Record<keyof typeof CAUSE, string> = {
  postOffice: 'Paket liegt in der Filiale',
  afterPickup: 'Bestellung noch nicht versendet',
  damaged: 'Paket beschädigt angekommen',
  returnIncomplete: 'Retoure unvollständig',
  foreignContent: 'Retoure mit fremdem Inhalt',
  incompatible: 'Zubehör passt nicht zum Gerät',
  deadOnArrival: 'Gerät defekt geliefert',
  operatingError: 'Drucker druckt nicht',
  giveAway: 'Zugabe fehlt in der Lieferung',
  invoiceMissing: 'Rechnung fehlt',
};
const VOLUME_CAUSES: (keyof typeof CAUSE)[] = [
  'postOffice',
  'afterPickup',
  'postOffice',
  'giveAway',
  'damaged',
  'invoiceMissing',
  'postOffice',
  'afterPickup',
  'deadOnArrival',
  'operatingError',
];

/** Everyday volume of the last six months, about two cases a week, so every month has a bar. */
function volumeHistory(): HistoryCase[] {
  return Array.from({ length: 48 }, (_, i) => {
    const cause = VOLUME_CAUSES[i % VOLUME_CAUSES.length]!;
    return {
      daysAgo: 3 + Math.floor(i * 3.7) + (i % 3),
      subject: SUBJECTS[cause],
      type: cause === 'invoiceMissing' ? 'request' : cause === 'deadOnArrival' ? 'fault' : 'complaint',
      cause,
      customer: 20 + (i % 17),
      hoursToResolve: [2, 5, 1, 26, 8, 3, 50, 4][i % 8]!,
      by: i % 3 === 0 ? 'admin' : 'agent',
      group: cause === 'invoiceMissing' ? 'billing' : 'complaints',
      ...(i % 2 === 0 ? { survey: { score: [5, 4, 4, 3, 5, 2, 4][i % 7]! } } : {}),
    };
  });
}

/** The returned parcel with newspapers: requested on this day, resolved after the inspection. */
const RETURN_DAYS_AGO = 14;

export type ServiceHistoryContext = {
  agent: UserScope;
  admin: UserScope;
  groups: { complaints: string; billing: string };
  causeIds: string[];
};

/** Loads the history; returns how many cases it opened. */
export async function seedDemoServiceHistory(deps: Deps, context: ServiceHistoryContext): Promise<number> {
  const now = deps.clock.now().getTime();
  const at = (ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
  // Customers after the sixty the everyday demo cases use, so each history reads as its own.
  const customers = await deps.db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .where('active', '=', 1)
    .orderBy('number')
    .offset(60)
    .limit(40)
    .execute();
  const customerId = (index: number) => customers[index % customers.length]!.id;
  const causeId = (cause: keyof typeof CAUSE) => context.causeIds[CAUSE[cause]] ?? null;

  const history = [...HISTORY, ...volumeHistory()];
  for (const item of history) {
    const opened = now - item.daysAgo * DAY_MS;
    const resolver = item.by === 'agent' ? context.agent : context.admin;
    const created = await createCase(at(opened), context.agent, {
      type: item.type,
      subject: item.subject,
      customerId: customerId(item.customer),
      priority: 'normal',
      tags: [],
      description: `${item.subject} – Anruf des Kunden.`,
      facts: [],
      channel: 'phone',
    });
    await updateCase(at(opened + 10 * 60_000), context.agent, created.id, {
      causeId: causeId(item.cause),
      groupId: context.groups[item.group],
      assigneeId: resolver.personId,
    });
    const resolved = opened + item.hoursToResolve * HOUR_MS;
    await updateCase(at(resolved), resolver, created.id, { status: 'resolved' });
    if (item.survey) await answerDemoSurvey(at(resolved + 20 * HOUR_MS), created.id, item.survey);
  }

  // Scenario S5: the return with old newspapers in the parcel, rejected and closed.
  const opened = now - RETURN_DAYS_AGO * DAY_MS;
  const parcel = await createCase(at(opened), context.agent, {
    type: 'return',
    subject: 'Rücksendung Drucker LX 500 – Gerät startet nicht',
    customerId: customerId(16),
    priority: 'normal',
    tags: [],
    description: 'Kunde möchte den Drucker LX 500 und zwei Toner zurückschicken; der Drucker startet nicht.',
    facts: [],
    channel: 'email',
  });
  await updateCase(at(opened + 10 * 60_000), context.agent, parcel.id, {
    causeId: causeId('foreignContent'),
    groupId: context.groups.complaints,
    assigneeId: context.agent.personId,
  });
  await seedDemoRejectedReturn((hours) => at(opened + (1 + hours) * HOUR_MS), context.agent, parcel.id);
  const resolved = opened + 84 * HOUR_MS;
  await updateCase(at(resolved), context.agent, parcel.id, { status: 'resolved' });
  await answerDemoSurvey(at(resolved + 26 * HOUR_MS), parcel.id, {
    score: 1,
    comment: 'Ich habe den Drucker eingepackt, nicht Zeitungen. Das muss beim Versand passiert sein.',
  });
  return history.length + 1;
}
