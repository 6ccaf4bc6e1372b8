// Fictitious German demo data: one operator, one carrier, resellers in every Bundesland and their
// customers. Pure and deterministic (seeded PRNG, no I/O) so screenshots, e2e tests and the seeded
// database look the same on every machine. All names are invented; addresses use real postal codes
// so distance-based lead routing has something real to work on.

import type { Salutation } from '../../../shared/salutation';
import { distanceKm, type GeoPoint, type PostalCodeIndex, type StateCode } from '../geo/postal-codes';
import type { OrganisationKind } from '../organisations/organisation.table';
import type { Role } from '../users/person.table';
import { salutationOf } from './salutations';

export type DemoOrganisation = {
  key: string;
  kind: OrganisationKind;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: 'DE';
  vatId: string | null;
  taxNumber: string | null;
  email: string;
  phone: string;
  active: boolean;
  resellerOfRecordKey?: string;
  /** Third parties: how their own ticket numbers look in their mails (a regular expression). */
  ticketReferencePattern?: string;
};

export type DemoPerson = {
  organisationKey: string;
  name: string;
  email: string;
  phone: string | null;
  /** From the first name (salutationOf), so the generated names stay as they were. */
  salutation: Salutation | null;
  locale: 'de' | 'en';
  roles: Role[];
  /** true = this person can log in with the demo password. */
  loginPassword?: boolean;
};

export type DemoData = { organisations: DemoOrganisation[]; people: DemoPerson[]; password: string };

export const DEMO_PASSWORD = 'channeldesk-demo';

const SEED = 0x5eed_2026;
const CUSTOMERS_PER_PARTNER = 5;
const RESELLER_OF_RECORD_SHARE = 0.75;

// ---------------------------------------------------------------------------------------------
// Randomness

type Random = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  shuffle<T>(items: readonly T[]): T[];
};

// mulberry32: tiny, fast and good enough for demo data; Math.random cannot be seeded.
const createRandom = (seed: number): Random => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    chance: (probability) => next() < probability,
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Names, addresses, numbers

const LEGAL_FORM = /\s+(GmbH & Co\. KG|GmbH|AG|KG|OHG|e\.K\.|PartG mbB|mbB)$/;

const transliterate = (text: string): string =>
  text
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('Ä', 'Ae')
    .replaceAll('Ö', 'Oe')
    .replaceAll('Ü', 'Ue')
    .replaceAll('ß', 'ss')
    .replaceAll('ı', 'i')
    // Other accents (é, ş, ł …) lose their diacritic; mail addresses stay ASCII.
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('ł', 'l');

const slugify = (text: string): string =>
  transliterate(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Organisation key and mail domain: the name without its legal form ("Bäckerei Sommer GmbH" → baeckerei-sommer). */
const organisationKey = (name: string): string => {
  let base = name;
  while (LEGAL_FORM.test(base)) base = base.replace(LEGAL_FORM, '');
  return slugify(base);
};

const SURNAMES = [
  'Albers',
  'Bartels',
  'Becker',
  'Behrens',
  'Berger',
  'Böhm',
  'Brandt',
  'Brinkmann',
  'Busch',
  'Claßen',
  'Dietrich',
  'Dittmann',
  'Ebert',
  'Eckhardt',
  'Engel',
  'Falk',
  'Fink',
  'Franke',
  'Friedrich',
  'Fuchs',
  'Geiger',
  'Gerdes',
  'Graf',
  'Grote',
  'Haas',
  'Hahn',
  'Hartmann',
  'Heinemann',
  'Hennig',
  'Herrmann',
  'Hinrichs',
  'Horn',
  'Huber',
  'Janßen',
  'Kaiser',
  'Keller',
  'Klein',
  'Köhler',
  'König',
  'Kowalski',
  'Krämer',
  'Krause',
  'Krüger',
  'Kuhn',
  'Lange',
  'Lehmann',
  'Lorenz',
  'Ludwig',
  'Lutz',
  'Maier',
  'Meyer',
  'Möller',
  'Neumann',
  'Noack',
  'Nowak',
  'Oswald',
  'Otto',
  'Özdemir',
  'Peters',
  'Pohl',
  'Reuter',
  'Richter',
  'Roth',
  'Schäfer',
  'Scholz',
  'Schröder',
  'Schubert',
  'Schulte',
  'Seidel',
  'Stein',
  'Thiel',
  'Vogt',
  'Voigt',
  'Wagner',
  'Walter',
  'Winkler',
  'Wolf',
  'Yılmaz',
  'Zander',
  'Ziegler',
  'Zimmermann',
] as const;

const FIRST_NAMES = [
  'Andreas',
  'Anja',
  'Birgit',
  'Christian',
  'Claudia',
  'Daniel',
  'Dennis',
  'Elif',
  'Eva',
  'Fabian',
  'Frank',
  'Hannah',
  'Ines',
  'Jan',
  'Jana',
  'Jens',
  'Julia',
  'Karin',
  'Kerstin',
  'Lea',
  'Lukas',
  'Marco',
  'Maria',
  'Markus',
  'Martina',
  'Matthias',
  'Melanie',
  'Michael',
  'Mira',
  'Nadine',
  'Niklas',
  'Olaf',
  'Petra',
  'Ralf',
  'Sabine',
  'Sandra',
  'Sebastian',
  'Silke',
  'Simon',
  'Sophie',
  'Stefan',
  'Susanne',
  'Tanja',
  'Tim',
  'Tobias',
  'Torsten',
  'Ute',
  'Uwe',
  'Yvonne',
] as const;

const STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Gartenstraße',
  'Schulstraße',
  'Dorfstraße',
  'Bergstraße',
  'Lindenstraße',
  'Kirchstraße',
  'Am Markt',
  'Industriestraße',
  'Gewerbering',
  'Mühlenweg',
  'Birkenweg',
  'Feldstraße',
  'Ringstraße',
  'Goethestraße',
  'Schillerstraße',
  'Poststraße',
  'Wiesenweg',
  'Rosenstraße',
  'Waldstraße',
  'Raiffeisenstraße',
  'Handwerkerstraße',
  'Parkstraße',
  'Eichenweg',
  'Mozartstraße',
  'Kastanienallee',
  'Hafenstraße',
  'Marktplatz',
  'Im Gewerbegebiet',
  'Friedhofstraße',
  'Ahornweg',
  'Sonnenstraße',
  'Jahnstraße',
  'Breite Straße',
  'Lange Straße',
  'Uferweg',
  'Brunnenstraße',
] as const;

const street = (random: Random): string => {
  const number = random.int(1, 140);
  const suffix = random.chance(0.1) ? random.pick(['a', 'b', 'c']) : '';
  return `${random.pick(STREETS)} ${number}${suffix}`;
};

// Each Land writes its tax numbers differently (F = Finanzamt, B = district, U = taxpayer, P = check);
// following the layout makes forms and invoices look like the real thing.
const TAX_NUMBER_LAYOUTS: Record<StateCode, string> = {
  BW: 'FFBBB/UUUUP',
  BY: 'FFF/BBB/UUUUP',
  BE: 'FF/BBB/UUUUP',
  BB: '0FF/BBB/UUUUP',
  HB: 'FF BBB UUUUP',
  HH: 'FF/BBB/UUUUP',
  HE: '0FF BBB UUUUP',
  MV: '0FF/BBB/UUUUP',
  NI: 'FF/BBB/UUUUP',
  NW: 'FFF/BBBB/UUUP',
  RP: 'FF/BBB/UUUU/P',
  SL: '0FF/BBB/UUUUP',
  SN: '2FF/BBB/UUUUP',
  ST: '1FF/BBB/UUUUP',
  SH: 'FF BBB UUUUP',
  TH: '1FF/BBB/UUUUP',
};

const taxNumber = (random: Random, state: StateCode): string =>
  TAX_NUMBER_LAYOUTS[state].replace(/[FBUP]/g, () => String(random.int(0, 9)));

// Invented numbers, but with a valid check digit (ISO 7064 MOD 11,10 as the BZSt uses), so a
// format check added later does not reject the demo data.
const vatId = (random: Random): string => {
  const digits = [random.int(1, 9), ...Array.from({ length: 7 }, () => random.int(0, 9))];
  let product = 10;
  for (const digit of digits) {
    const sum = (digit + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  const check = (11 - product) % 10;
  return `DE${digits.join('')}${check}`;
};

// Only the Bundesnetzagentur's "drama numbers" (Amtsblatt 7/2021, Mitteilung 148/2021): 1,000 numbers
// in each of five local networks that are never assigned to anyone, so nobody gets called by a demo.
// Each organisation uses the block nearest to it.
const DRAMA_NUMBER_BLOCKS = [
  { areaCode: '030', prefix: '23125', point: { latitude: 52.52, longitude: 13.405 } },
  { areaCode: '040', prefix: '66969', point: { latitude: 53.551, longitude: 9.994 } },
  { areaCode: '069', prefix: '90009', point: { latitude: 50.11, longitude: 8.682 } },
  { areaCode: '0221', prefix: '4710', point: { latitude: 50.938, longitude: 6.96 } },
  { areaCode: '089', prefix: '99998', point: { latitude: 48.137, longitude: 11.575 } },
] as const;

type PhoneBook = { next(near: GeoPoint): string };

const createPhoneBook = (random: Random): PhoneBook => {
  const free = DRAMA_NUMBER_BLOCKS.map((block) => ({
    block,
    numbers: random.shuffle(Array.from({ length: 1000 }, (_, i) => i)),
  }));
  return {
    next(near) {
      const byDistance = [...free].sort(
        (a, b) => distanceKm(near, a.block.point) - distanceKm(near, b.block.point),
      );
      const source = byDistance.find((entry) => entry.numbers.length > 0);
      const number = source?.numbers.pop();
      if (!source || number === undefined) throw new Error('demo data ran out of drama numbers');
      return `${source.block.areaCode} ${source.block.prefix}-${String(number).padStart(3, '0')}`;
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Fixed cast

type PartnerSpec = { name: string; postalCode: string; street?: string; active?: false };

// Three or so per Land, in real cities; names are invented (rivers, landscapes, generic words).
const PARTNERS: readonly PartnerSpec[] = [
  // Niedersachsen
  { name: 'Nordwest IT GmbH', postalCode: '26122', street: 'Bremer Heerstraße 120' },
  { name: 'Leinetal Systemhaus GmbH', postalCode: '30159' },
  { name: 'Okertal Bürotechnik KG', postalCode: '38100' },
  { name: 'Hasetal Datentechnik GmbH', postalCode: '49074' },
  { name: 'Bürosysteme Gerdes & Thiel OHG', postalCode: '37073' },
  // Nordrhein-Westfalen
  { name: 'Domblick IT-Service GmbH', postalCode: '50667' },
  { name: 'Rheinufer Systemhaus GmbH', postalCode: '40213' },
  { name: 'Ruhrbogen Netzwerk & Druck GmbH', postalCode: '44135' },
  { name: 'Westfalen Bürowelt KG', postalCode: '48143' },
  { name: 'Teutoburger Datentechnik GmbH', postalCode: '33602' },
  { name: 'Kohlenpott Computerservice e.K.', postalCode: '45127' },
  // Hamburg
  { name: 'Alsterblick Systemhaus GmbH', postalCode: '20095' },
  { name: 'Elbufer Druck & IT KG', postalCode: '20249' },
  { name: 'Hammonia Bürotechnik GmbH', postalCode: '20099' },
  // Bremen
  { name: 'Weserbogen IT GmbH', postalCode: '28195' },
  { name: 'Kaje Systemtechnik GmbH', postalCode: '27568' },
  // Schleswig-Holstein
  { name: 'Förde Datentechnik GmbH', postalCode: '24103' },
  { name: 'Trave Bürosysteme KG', postalCode: '23552' },
  { name: 'Grenzland IT-Service e.K.', postalCode: '24937' },
  // Mecklenburg-Vorpommern
  { name: 'Warnow Systemhaus GmbH', postalCode: '18055' },
  { name: 'Seenland Computertechnik GmbH', postalCode: '19053' },
  { name: 'Boddenland Bürotechnik e.K.', postalCode: '17489' },
  // Berlin
  { name: 'Spreebogen Netzwerke GmbH', postalCode: '10115' },
  { name: 'Hauptstadt Bürosysteme KG', postalCode: '10117' },
  { name: 'Kiezdruck IT-Service GmbH', postalCode: '12043' },
  // Brandenburg
  { name: 'Havelland IT-Service GmbH', postalCode: '14467' },
  { name: 'Lausitz Bürotechnik KG', postalCode: '03046' },
  { name: 'Oderbruch Datentechnik GmbH', postalCode: '15230' },
  // Sachsen
  { name: 'Systemhaus Elbtal GmbH', postalCode: '01067' },
  { name: 'Pleißeland Computertechnik GmbH', postalCode: '04109' },
  { name: 'Erzgebirgsblick Bürosysteme KG', postalCode: '09111' },
  // Sachsen-Anhalt (one inactive: its customers exercise the data-quality rule of scenario S1)
  { name: 'Elbe-Saale IT GmbH', postalCode: '39104', active: false },
  { name: 'Saalebogen Systemhaus GmbH', postalCode: '06108' },
  { name: 'Muldeaue Bürotechnik e.K.', postalCode: '06844' },
  // Thüringen
  { name: 'Rennsteig IT GmbH', postalCode: '99084' },
  { name: 'Saaletal Datentechnik GmbH', postalCode: '07743' },
  { name: 'Elstertal Bürosysteme KG', postalCode: '07545' },
  // Hessen
  { name: 'Rhein-Main Bürotechnik KG', postalCode: '60311' },
  { name: 'Nordhessen Systemhaus GmbH', postalCode: '34117' },
  { name: 'Bergsträßer IT-Service GmbH', postalCode: '64283' },
  { name: 'Taunusblick Druck & Daten GmbH', postalCode: '65183' },
  // Rheinland-Pfalz
  { name: 'Rheinhessen Datentechnik GmbH', postalCode: '55116' },
  { name: 'Moselbogen IT KG', postalCode: '56068' },
  { name: 'Porta Bürotechnik GmbH', postalCode: '54290' },
  // Saarland (one inactive, see above)
  { name: 'Saarschleife Datentechnik GmbH', postalCode: '66111' },
  { name: 'Bliestal Systemhaus GmbH', postalCode: '66538', active: false },
  // Baden-Württemberg
  { name: 'Neckarblick Bürotechnik GmbH', postalCode: '70174' },
  { name: 'Fächerstadt IT-Service KG', postalCode: '76133' },
  { name: 'Dreisamtal Systemhaus GmbH', postalCode: '79098' },
  { name: 'Donau-Iller Datentechnik GmbH', postalCode: '89073' },
  // Bayern
  { name: 'Isarauen Office Solutions GmbH', postalCode: '80331' },
  { name: 'Pegnitz Systemhaus KG', postalCode: '90402' },
  { name: 'Lechfeld Bürotechnik GmbH', postalCode: '86150' },
  { name: 'Regental IT-Service e.K.', postalCode: '93047' },
  { name: 'Mainfranken Datentechnik GmbH', postalCode: '97070' },
];

type LoginUser = { organisationKey: string; name: string; email: string; role: Role; locale: 'de' | 'en' };

// One login per role, so every view of the product can be shown with the demo password.
const LOGIN_USERS: readonly LoginUser[] = [
  {
    organisationKey: 'operator',
    name: 'Anna Hoffmann',
    email: 'admin@printwerk.example',
    role: 'operator_admin',
    locale: 'de',
  },
  // English, to show the second UI language without switching.
  {
    organisationKey: 'operator',
    name: 'Daniel Carter',
    email: 'agent@printwerk.example',
    role: 'agent',
    locale: 'en',
  },
  {
    organisationKey: 'operator',
    name: 'Katrin Vogel',
    email: 'channel@printwerk.example',
    role: 'channel_manager',
    locale: 'de',
  },
  {
    organisationKey: 'operator',
    name: 'Thomas Brandt',
    email: 'billing@printwerk.example',
    role: 'billing_clerk',
    locale: 'de',
  },
  {
    organisationKey: 'nordwest-it',
    name: 'Heike Onken',
    email: 'inhaber@nordwest-it.example',
    role: 'partner_admin',
    locale: 'de',
  },
  {
    organisationKey: 'nordwest-it',
    name: 'Lars Eilers',
    email: 'technik@nordwest-it.example',
    role: 'partner_agent',
    locale: 'de',
  },
  {
    organisationKey: 'baeckerei-sommer',
    name: 'Marion Sommer',
    email: 'buero@baeckerei-sommer.example',
    role: 'customer_user',
    locale: 'de',
  },
];

/**
 * The partner next to Nordwest IT (Bremen, 40 km from Oldenburg) gets a login too: in scenario S1
 * the renewal lead Nordwest IT declines is rerouted there, and someone has to accept it. Added after
 * the generated data, so that the generated names and addresses stay as they were.
 */
const NEIGHBOUR_PARTNER_LOGIN: LoginUser = {
  organisationKey: 'weserbogen-it',
  name: 'Jan Meyerdierks',
  email: 'inhaber@weserbogen-it.example',
  role: 'partner_admin',
  locale: 'de',
};

// ---------------------------------------------------------------------------------------------
// Customer trades

// Regional words: a joiner is a Tischler in the north and east, a Schreiner in the south and west.
const NORTH_EAST: ReadonlySet<StateCode> = new Set([
  'SH',
  'HH',
  'HB',
  'NI',
  'MV',
  'BB',
  'BE',
  'ST',
  'SN',
  'TH',
]);

type Trade = {
  name: (owner: string, partner: string, state: StateCode) => string;
  legalForms: readonly string[];
  /** Medical and care services are VAT-exempt (§ 4 Nr. 14/16 UStG) and typically have no VAT ID. */
  vatExempt?: true;
};

const TRADES: readonly Trade[] = [
  { name: (a) => `Bäckerei ${a}`, legalForms: ['GmbH', 'e.K.', ''] },
  { name: (a) => `Konditorei ${a}`, legalForms: ['e.K.', ''] },
  { name: (a, b) => `Kanzlei ${a} & ${b}`, legalForms: ['PartG mbB', ''] },
  { name: (a) => `Rechtsanwaltskanzlei ${a}`, legalForms: [''] },
  { name: (a) => `Steuerbüro ${a}`, legalForms: [''] },
  { name: (a) => `Steuerberatung ${a} & Partner`, legalForms: ['mbB'] },
  { name: (a) => `Autohaus ${a}`, legalForms: ['GmbH', 'GmbH & Co. KG', 'KG'] },
  { name: (a) => `Arztpraxis Dr. ${a}`, legalForms: [''], vatExempt: true },
  { name: (a) => `Zahnarztpraxis Dr. ${a}`, legalForms: [''], vatExempt: true },
  { name: (a) => `Physiotherapie ${a}`, legalForms: [''], vatExempt: true },
  { name: (a) => `Pflegedienst ${a}`, legalForms: ['GmbH', ''], vatExempt: true },
  { name: (a) => `Tierarztpraxis Dr. ${a}`, legalForms: [''] },
  { name: (a) => `Architekturbüro ${a}`, legalForms: ['', 'GmbH'] },
  { name: (a, b) => `Architekten ${a} ${b}`, legalForms: ['PartG mbB'] },
  { name: (a) => `Ingenieurbüro ${a}`, legalForms: ['', 'GmbH'] },
  {
    name: (a, _b, s) => `${NORTH_EAST.has(s) ? 'Tischlerei' : 'Schreinerei'} ${a}`,
    legalForms: ['GmbH', 'e.K.', ''],
  },
  { name: (a, _b, s) => `${NORTH_EAST.has(s) ? 'Fleischerei' : 'Metzgerei'} ${a}`, legalForms: ['e.K.', ''] },
  { name: (a) => `Hotel ${a}`, legalForms: ['GmbH', 'KG', ''] },
  { name: (a) => `Landgasthof ${a}`, legalForms: ['e.K.', ''] },
  { name: (a) => `Elektro ${a}`, legalForms: ['GmbH', 'e.K.'] },
  { name: (a) => `Sanitär- und Heizungstechnik ${a}`, legalForms: ['GmbH', 'GmbH & Co. KG'] },
  { name: (a) => `Malerbetrieb ${a}`, legalForms: ['', 'GmbH'] },
  { name: (a) => `Dachdeckerei ${a}`, legalForms: ['GmbH', 'e.K.'] },
  { name: (a) => `Fahrschule ${a}`, legalForms: [''] },
  { name: (a) => `Blumenhaus ${a}`, legalForms: ['', 'e.K.'] },
  { name: (a) => `Optik ${a}`, legalForms: ['e.K.', 'GmbH'] },
  { name: (a) => `Druckerei ${a}`, legalForms: ['GmbH', 'KG'] },
  { name: (a) => `Spedition ${a}`, legalForms: ['GmbH & Co. KG', 'GmbH'] },
  { name: (a) => `Hausverwaltung ${a}`, legalForms: ['GmbH', ''] },
  { name: (a) => `Versicherungsbüro ${a}`, legalForms: [''] },
  { name: (a) => `Gärtnerei ${a}`, legalForms: ['', 'KG'] },
  { name: (a) => `Friseursalon ${a}`, legalForms: [''] },
  { name: (a) => `Zahntechnik ${a}`, legalForms: ['GmbH'] },
  { name: (a) => `Getränkehandel ${a}`, legalForms: ['KG', 'e.K.'] },
  { name: (a) => `Kfz-Werkstatt ${a}`, legalForms: ['', 'GmbH'] },
  { name: (a) => `Reisebüro ${a}`, legalForms: ['', 'e.K.'] },
  { name: (a) => `Buchhandlung ${a}`, legalForms: ['e.K.', ''] },
];

const ORGANISATION_MAILBOXES = ['info', 'kontakt', 'post', 'office'] as const;

// ---------------------------------------------------------------------------------------------

export function buildDemoData(postalCodes: PostalCodeIndex): DemoData {
  const random = createRandom(SEED);
  const phoneBook = createPhoneBook(random);
  const organisations: DemoOrganisation[] = [];
  const people: DemoPerson[] = [];
  const usedEmails = new Set<string>([...LOGIN_USERS, NEIGHBOUR_PARTNER_LOGIN].map((user) => user.email));
  const usedKeys = new Set<string>();
  const stateOf = new Map<string, StateCode>();
  const pointOf = new Map<string, GeoPoint>();

  const place = (postalCode: string): { city: string; state: StateCode; point: GeoPoint } => {
    const entry = postalCodes.get(postalCode);
    if (!entry?.stateCode) throw new Error(`demo data: postal code ${postalCode} is not in the index`);
    return {
      city: entry.place,
      state: entry.stateCode,
      point: { latitude: entry.latitude, longitude: entry.longitude },
    };
  };

  const uniqueEmail = (local: string, domain: string): string => {
    for (let n = 1; ; n++) {
      const email = `${n === 1 ? local : `${local}${n}`}@${domain}`.toLowerCase();
      if (!usedEmails.has(email)) {
        usedEmails.add(email);
        return email;
      }
    }
  };

  const addOrganisation = (
    organisation: Omit<DemoOrganisation, 'city' | 'country' | 'phone'>,
  ): DemoOrganisation => {
    if (usedKeys.has(organisation.key)) throw new Error(`demo data: duplicate key ${organisation.key}`);
    usedKeys.add(organisation.key);
    const { city, state, point } = place(organisation.postalCode);
    const complete: DemoOrganisation = { ...organisation, city, country: 'DE', phone: phoneBook.next(point) };
    stateOf.set(complete.key, state);
    pointOf.set(complete.key, point);
    organisations.push(complete);
    return complete;
  };

  const addContacts = (
    organisation: DemoOrganisation,
    domain: string,
    count: number,
    owner?: string,
  ): void => {
    const point = pointOf.get(organisation.key)!;
    for (let i = 0; i < count; i++) {
      const first = random.pick(FIRST_NAMES);
      // The first contact of an owner-run business is usually the owner.
      const last = i === 0 && owner && random.chance(0.6) ? owner : random.pick(SURNAMES);
      people.push({
        organisationKey: organisation.key,
        name: `${first} ${last}`,
        salutation: salutationOf(first),
        email: uniqueEmail(`${slugify(first)}.${slugify(last)}`, domain),
        phone: random.chance(0.7) ? phoneBook.next(point) : null,
        locale: random.chance(0.04) ? 'en' : 'de',
        roles: [],
      });
    }
  };

  const addLoginUsers = (organisationKey: string, from: readonly LoginUser[] = LOGIN_USERS): number => {
    const point = pointOf.get(organisationKey)!;
    const users = from.filter((user) => user.organisationKey === organisationKey);
    for (const user of users) {
      people.push({
        organisationKey,
        name: user.name,
        salutation: salutationOf(user.name),
        email: user.email,
        phone: phoneBook.next(point),
        locale: user.locale,
        roles: [user.role],
        loginPassword: true,
      });
    }
    return users.length;
  };

  // Operator and carrier
  addOrganisation({
    key: 'operator',
    kind: 'operator',
    name: 'Printwerk Systeme AG',
    street: 'Am Druckerhafen 1',
    postalCode: '20099',
    vatId: vatId(random),
    taxNumber: null,
    email: uniqueEmail('service', 'printwerk.example'),
    active: true,
  });
  addLoginUsers('operator');

  const carrier = addOrganisation({
    key: 'carrier',
    kind: 'third_party',
    name: 'Fernmeldenetz Nord GmbH',
    street: street(random),
    postalCode: '28359',
    vatId: vatId(random),
    taxNumber: null,
    email: uniqueEmail('stoerung', 'fernmeldenetz-nord.example'),
    active: true,
    // Its replies name its own order, e.g. "unser Vorgang FN-204711": read into the case's facts.
    ticketReferencePattern: 'FN-\\d{6}',
  });
  addContacts(carrier, 'fernmeldenetz-nord.example', 2);

  // Partners
  const partners: DemoOrganisation[] = [];
  for (const spec of PARTNERS) {
    const key = organisationKey(spec.name);
    const domain = `${key}.example`;
    const partner = addOrganisation({
      key,
      kind: 'partner',
      name: spec.name,
      street: spec.street ?? street(random),
      postalCode: spec.postalCode,
      vatId: vatId(random),
      taxNumber: null,
      email: uniqueEmail('info', domain),
      active: spec.active ?? true,
    });
    partners.push(partner);
    const logins = addLoginUsers(key);
    addContacts(partner, domain, Math.max(0, random.int(1, 3) - logins));
  }

  // Customers, each near an anchor partner (same 2-digit PLZ area)
  const areaPostalCodes = new Map<string, string[]>();
  for (const entry of postalCodes.all()) {
    if (!entry.stateCode) continue;
    const area = entry.postalCode.slice(0, 2);
    const list = areaPostalCodes.get(area);
    if (list) list.push(entry.postalCode);
    else areaPostalCodes.set(area, [entry.postalCode]);
  }

  const addCustomer = (fields: {
    key: string;
    name: string;
    postalCode: string;
    street: string;
    vatExempt: boolean;
    resellerOfRecordKey: string | undefined;
    owner: string;
    email?: string;
  }): void => {
    const domain = `${fields.key}.example`;
    const state = place(fields.postalCode).state;
    const withTaxNumber = fields.vatExempt || random.chance(0.15);
    const customer = addOrganisation({
      key: fields.key,
      kind: 'customer',
      name: fields.name,
      street: fields.street,
      postalCode: fields.postalCode,
      vatId: withTaxNumber ? null : vatId(random),
      taxNumber: withTaxNumber ? taxNumber(random, state) : null,
      email: fields.email ?? uniqueEmail(random.pick(ORGANISATION_MAILBOXES), domain),
      active: true,
      ...(fields.resellerOfRecordKey ? { resellerOfRecordKey: fields.resellerOfRecordKey } : {}),
    });
    const logins = addLoginUsers(fields.key);
    addContacts(customer, domain, Math.max(0, random.int(1, 2) - logins), fields.owner);
  };

  // Scenario S1's customer, bought via Nordwest IT.
  addCustomer({
    key: 'baeckerei-sommer',
    name: 'Bäckerei Sommer GmbH',
    postalCode: '26121',
    street: 'Donnerschweer Straße 41',
    vatExempt: false,
    resellerOfRecordKey: 'nordwest-it',
    owner: 'Sommer',
    email: uniqueEmail('info', 'baeckerei-sommer.example'),
  });

  for (const partner of partners) {
    const candidates = areaPostalCodes.get(partner.postalCode.slice(0, 2)) ?? [partner.postalCode];
    for (let i = 0; i < CUSTOMERS_PER_PARTNER; i++) {
      let name = '';
      let key = '';
      let owner = '';
      let trade: Trade = TRADES[0]!;
      const postalCode = random.pick(candidates);
      const state = place(postalCode).state;
      // Redraw on a clash: the key doubles as the mail domain and must be unique.
      do {
        trade = random.pick(TRADES);
        owner = random.pick(SURNAMES);
        let second = random.pick(SURNAMES);
        while (second === owner) second = random.pick(SURNAMES);
        const legalForm = random.pick(trade.legalForms);
        name = [trade.name(owner, second, state), legalForm].filter(Boolean).join(' ');
        key = organisationKey(name);
      } while (usedKeys.has(key));
      // Customers of an inactive partner always keep it as reseller of record: that stale link is
      // exactly the data-quality problem scenario S1 must flag instead of silently re-routing.
      const withReseller = !partner.active || random.chance(RESELLER_OF_RECORD_SHARE);
      addCustomer({
        key,
        name,
        postalCode,
        street: street(random),
        vatExempt: trade.vatExempt ?? false,
        resellerOfRecordKey: withReseller ? partner.key : undefined,
        owner,
      });
    }
  }

  addLoginUsers(NEIGHBOUR_PARTNER_LOGIN.organisationKey, [NEIGHBOUR_PARTNER_LOGIN]);

  return { organisations, people, password: DEMO_PASSWORD };
}
