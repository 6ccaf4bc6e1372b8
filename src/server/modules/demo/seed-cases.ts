import type { Deps } from '../../shared/deps';
import { newId } from '../../shared/ids';
import type { Scope, UserScope } from '../../shared/scope';
import { createCommitment } from '../cases/commitments';
import { createDecision } from '../cases/decisions';
import { setFact } from '../cases/facts';
import { addMessage, createCase, setTags, updateCase } from '../cases/service';
import { DEFAULT_CALENDAR } from '../sla/business-calendar';
import { createSlaPolicy } from '../sla/service';
import { createTextModule } from '../text-modules/service';
import { seedDemoServiceHistory } from './seed-service-history';

// The causes a parcel-shipping shop sees most (scenario S5) and a manufacturer's usual ones.
const CAUSES: { de: string; en: string; children: [string, string][] }[] = [
  {
    de: 'Versand',
    en: 'Shipping',
    children: [
      ['Paket in Filiale', 'Parcel held at post office'],
      ['Bestellung nach Abholung durch Spediteur', 'Order placed after carrier pickup'],
      ['Paket beschädigt', 'Parcel damaged'],
    ],
  },
  {
    de: 'Retoure',
    en: 'Return',
    children: [
      ['Retoure unvollständig', 'Return incomplete'],
      ['Retoure mit Fremdinhalt (z. B. Zeitungen)', 'Return with foreign content (e.g. newspapers)'],
    ],
  },
  {
    de: 'Produkt',
    en: 'Product',
    children: [
      ['Inkompatibel mit Gerät des Kunden', 'Incompatible with customer device'],
      ['Defekt bei Lieferung', 'Dead on arrival'],
      ['Bedienungsfehler', 'Operating error'],
    ],
  },
  {
    de: 'Werbung & Zugaben',
    en: 'Promotions & give-aways',
    children: [['Zugabe fehlt', 'Give-away missing']],
  },
  {
    de: 'Rechnung',
    en: 'Invoice',
    children: [
      ['Rechnung fehlt', 'Invoice missing'],
      ['Gebühr unklar', 'Fee unclear'],
    ],
  },
];

const TEXT_MODULES = [
  {
    name: 'Paket liegt in der Filiale',
    language: 'de' as const,
    caseType: 'complaint' as const,
    body: '{{contact.greeting}}\n\nIhr Paket konnte nicht zugestellt werden und liegt zur Abholung in Ihrer Postfiliale bereit. Die Benachrichtigungskarte nennt die Filiale; bitte bringen Sie einen Ausweis mit. Nach 7 Werktagen geht das Paket an uns zurück.\n\nMit freundlichen Grüßen\n{{agent.name}}\nFall {{case.number}}',
  },
  {
    name: 'Bestellung nach Abholung durch Spediteur',
    language: 'de' as const,
    caseType: 'complaint' as const,
    body: '{{contact.greeting}}\n\nIhre Bestellung ging nach der heutigen Abholung durch den Paketdienst ein. Sie verlässt unser Lager mit der nächsten Abholung am folgenden Werktag; die Sendungsnummer erhalten Sie dann per E-Mail.\n\nMit freundlichen Grüßen\n{{agent.name}}',
  },
  {
    name: 'Retoure mit Fremdinhalt',
    language: 'de' as const,
    caseType: 'return' as const,
    body: '{{contact.greeting}}\n\nbei der Wareneingangsprüfung Ihrer Rücksendung zu Fall {{case.number}} haben wir statt der Ware andere Gegenstände vorgefunden (Fotos anbei). Bitte melden Sie sich bei uns, damit wir den Sachverhalt klären können.\n\nMit freundlichen Grüßen\n{{agent.name}}',
  },
  {
    name: 'Eingangsbestätigung',
    language: 'de' as const,
    caseType: null,
    body: '{{contact.greeting}}\n\nvielen Dank für Ihre Nachricht. Wir haben Ihr Anliegen unter der Nummer {{case.number}} aufgenommen und melden uns spätestens am nächsten Werktag.\n\nMit freundlichen Grüßen\n{{agent.name}}',
  },
  {
    name: 'Werbegeschenk fehlt',
    language: 'de' as const,
    caseType: 'complaint' as const,
    body: '{{contact.greeting}}\n\nes tut uns leid, dass das angekündigte Werbegeschenk nicht in Ihrem Paket lag. Werbegeschenke gibt es, solange der Vorrat reicht; wir schicken es Ihnen kostenlos nach, sobald es wieder vorrätig ist, spätestens aber mit Ihrer nächsten Bestellung.\n\nMit freundlichen Grüßen\n{{agent.name}}\nFall {{case.number}}',
  },
  {
    name: 'Parcel held at the post office',
    language: 'en' as const,
    caseType: 'complaint' as const,
    body: '{{contact.greeting}}\n\nyour parcel could not be delivered and is waiting for you at your post office. The delivery card names the branch; please bring an ID. After 7 business days the parcel comes back to us.\n\nKind regards\n{{agent.name}}\nCase {{case.number}}',
  },
  {
    name: 'Order placed after the carrier pickup',
    language: 'en' as const,
    caseType: 'complaint' as const,
    body: "{{contact.greeting}}\n\nyour order arrived after today's pickup by the carrier. It leaves our warehouse with the next pickup on the following business day; you will get the tracking number by e-mail then.\n\nKind regards\n{{agent.name}}",
  },
  {
    name: 'Give-away missing',
    language: 'en' as const,
    caseType: 'complaint' as const,
    body: '{{contact.greeting}}\n\nwe are sorry the promised give-away was not in your parcel. Give-aways are available while stocks last; we will send it free of charge as soon as it is back in stock, at the latest with your next order.\n\nKind regards\n{{agent.name}}\nCase {{case.number}}',
  },
  {
    name: 'Return with wrong contents',
    language: 'en' as const,
    caseType: 'return' as const,
    body: '{{contact.greeting}}\n\nwhen we inspected your return for case {{case.number}}, the parcel held other items instead of the goods (photos attached). Please contact us so we can clear this up.\n\nKind regards\n{{agent.name}}',
  },
  {
    name: 'Acknowledgement',
    language: 'en' as const,
    caseType: null,
    body: '{{contact.greeting}}\n\nthank you for your message. We have recorded your request as {{case.number}} and will get back to you by the next business day at the latest.\n\nKind regards\n{{agent.name}}',
  },
];

/**
 * Loads causes, a group, text modules, SLA policies and a set of demo cases through the real
 * service functions, so the demo shows what the product does (facts, commitments, decisions).
 */
export async function seedDemoCases(deps: Deps): Promise<number> {
  const db = deps.db;
  const person = async (email: string): Promise<UserScope> => {
    const row = await db
      .selectFrom('person')
      .innerJoin('organisation', 'organisation.id', 'person.organisation_id')
      .select([
        'person.id',
        'person.name',
        'person.email',
        'person.roles',
        'person.organisation_id',
        'organisation.kind',
      ])
      .where('person.email', '=', email)
      .executeTakeFirstOrThrow();
    return {
      kind: 'user',
      personId: row.id,
      name: row.name,
      email: row.email,
      organisationId: row.organisation_id,
      organisationKind: row.kind,
      roles: JSON.parse(row.roles),
      via: 'session',
    };
  };
  const agent = await person('agent@printwerk.example');
  const admin = await person('admin@printwerk.example');
  const customer = await person('buero@baeckerei-sommer.example');
  const partner = await person('technik@nordwest-it.example');

  const causeIds: string[] = [];
  for (const [i, category] of CAUSES.entries()) {
    const id = newId();
    await db
      .insertInto('cause')
      .values({ id, parent_id: null, name_de: category.de, name_en: category.en, active: 1, position: i })
      .execute();
    for (const [j, [de, en]] of category.children.entries()) {
      const childId = newId();
      causeIds.push(childId);
      await db
        .insertInto('cause')
        .values({ id: childId, parent_id: id, name_de: de, name_en: en, active: 1, position: j })
        .execute();
    }
  }
  const groupId = newId();
  await db
    .insertInto('case_group')
    .values({
      id: groupId,
      name: 'Reklamationen',
      lead_person_id: admin.personId,
      created_at: deps.clock.now().toISOString(),
    })
    .execute();
  await db.insertInto('case_group_member').values({ group_id: groupId, person_id: agent.personId }).execute();
  // The billing clerk's group: invoice requests the system cannot answer on its own go here.
  const billing = await person('billing@printwerk.example');
  const billingGroupId = newId();
  await db
    .insertInto('case_group')
    .values({
      id: billingGroupId,
      name: 'Buchhaltung',
      lead_person_id: billing.personId,
      created_at: deps.clock.now().toISOString(),
    })
    .execute();
  await db
    .insertInto('case_group_member')
    .values({ group_id: billingGroupId, person_id: billing.personId })
    .execute();

  for (const module of TEXT_MODULES) await createTextModule(deps, admin, module);
  await createSlaPolicy(deps, admin, {
    name: 'Dringend',
    position: 10,
    priority: 'urgent',
    firstResponseMinutes: 60,
    silenceMinutes: 240,
    resolutionMinutes: 960,
    warnBeforeMinutes: 15,
    calendar: { ...DEFAULT_CALENDAR, holidayState: 'HH' },
  });
  await createSlaPolicy(deps, admin, {
    name: 'Standard',
    position: 100,
    firstResponseMinutes: 240,
    silenceMinutes: 1080,
    resolutionMinutes: 2700,
    warnBeforeMinutes: 60,
    calendar: { ...DEFAULT_CALENDAR, holidayState: 'HH' },
  });

  // Scenario S4: an external drive that does not work with the customer's notebook.
  const drive = await createCase(deps, customer, {
    type: 'complaint',
    subject: 'Externe Festplatte wird am Notebook nicht erkannt',
    description:
      'Die externe Festplatte DataVault X2 (2 TB) wird an unserem Notebook nicht erkannt. An einem anderen Rechner läuft sie. Bitte um Austausch.',
    facts: [
      { key: 'drive_model', label: 'Festplatte', value: 'DataVault X2 2 TB' },
      { key: 'notebook_model', label: 'Notebook', value: 'Libra 14 G3' },
      { key: 'port_type', label: 'Anschluss', value: 'USB-C' },
    ],
  });
  await updateCase(deps, agent, drive.id, { assigneeId: agent.personId, groupId, causeId: causeIds[5] });
  await addMessage(deps, agent, drive.id, {
    body: 'Guten Tag Frau Sommer, danke für die genauen Angaben. Wir prüfen die Kompatibilität mit dem Libra 14 G3 und melden uns bis Montag 12:00.',
    visibility: 'public',
    attachmentIds: [],
  });
  await addMessage(deps, agent, drive.id, {
    body: 'Intern: Rechnung 2026-0042 ist noch offen.',
    visibility: 'internal',
    attachmentIds: [],
  });
  const monday = nextWeekdayAt(deps.clock.now(), 1, 11);
  await createCommitment(deps, agent, drive.id, {
    description: 'Antwort zur Kompatibilität bis Montag 12:00',
    dueAt: monday.toISOString(),
  });
  const facts = await db
    .selectFrom('case_fact')
    .select(['id', 'key'])
    .where('case_id', '=', drive.id)
    .execute();
  await createDecision(deps, agent, drive.id, {
    outcome: 'conditional',
    policy: 'Kulanzrichtlinie Austausch 2026',
    conditions: 'Austausch auf Kulanz nach Zahlungseingang zu Rechnung 2026-0042',
    citedFactIds: facts.filter((f) => f.key !== 'port_type').map((f) => f.id),
  });

  // Scenario S3: a line fault opened by the reseller on behalf of its customer.
  const fault = await createCase(deps, partner, {
    type: 'fault',
    subject: 'Internetleitung seit heute früh gestört',
    customerId: customer.organisationId,
    urgency: 'high',
    description: 'Kunde meldet: kein Internet seit 7 Uhr. Kabel geprüft, Router getauscht, Sync-LED aus.',
    facts: [{ key: 'router_model', label: 'Router', value: 'LinkBox 7590' }],
  });
  await addMessage(deps, partner, fault.id, {
    body: 'Checkliste erledigt: Kabel ok, Ersatzrouter ohne Sync. Bitte an den Netzbetreiber eskalieren.',
    visibility: 'partner',
    attachmentIds: [],
  });

  // Volume: everyday complaints across the customers (scenario S5).
  const customers = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'customer')
    .where('active', '=', 1)
    .orderBy('number')
    .limit(60)
    .execute();
  const everyday = [
    ['Paket liegt in der Filiale', 'complaint', 0],
    ['Bestellung noch nicht versendet', 'complaint', 1],
    ['Zugabe fehlt in der Lieferung', 'complaint', 8],
    ['Rücksendung Toner', 'return', 3],
    ['Rechnung für Gebühr benötigt', 'request', 9],
    ['Drucker zeigt Fehler E-204', 'fault', 6],
  ] as const;
  let count = 2;
  for (const [i, org] of customers.entries()) {
    const [subject, type, cause] = everyday[i % everyday.length]!;
    const created = await createCase(deps, agent as Scope, {
      type,
      subject,
      customerId: org.id,
      priority: i % 9 === 0 ? 'high' : 'normal',
      tags: [],
      description: `${subject} – Anruf des Kunden, Rückfrage notiert.`,
      facts: [],
      channel: i % 2 === 0 ? 'phone' : 'email',
    });
    await updateCase(deps, agent, created.id, {
      causeId: causeIds[cause],
      groupId,
      status: i % 5 === 0 ? 'resolved' : i % 3 === 0 ? 'waiting_customer' : 'open',
      ...(i % 4 === 0 ? { assigneeId: agent.personId } : {}),
    });
    if (i % 7 === 0) await setTags(deps, agent, created.id, ['versand']);
    if (i % 6 === 5)
      await setFact(deps, agent, created.id, 'printer_model', {
        label: 'Drucker',
        value: 'Printwerk LX 500',
      });
    count += 1;
  }
  count += await seedDemoServiceHistory(deps, {
    agent,
    admin,
    groups: { complaints: groupId, billing: billingGroupId },
    causeIds,
  });
  return count;
}

/** The next given weekday (1 = Monday) at hour:00 UTC, at least one day ahead. */
function nextWeekdayAt(from: Date, weekday: number, hourUtc: number): Date {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, hourUtc));
  while (((date.getUTCDay() + 6) % 7) + 1 !== weekday) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
