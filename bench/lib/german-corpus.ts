// Realistic German helpdesk text for the cases benchmark: subjects and message bodies built from
// templates and word lists (printers, toner, parcels, returns, invoices …) with inflections,
// umlauts and ß, driven by a deterministic PRNG so every run generates the same data set.

/** Mulberry32: tiny, fast, deterministic; good enough for test data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (from: number, to: number): number => from + Math.floor(next() * (to - from + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (probability: number): boolean => next() < probability;
  /** Picks by weight: `[[value, weight], …]`. */
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = next() * total;
    for (const [value, weight] of items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return items[items.length - 1]![0];
  };
  const bytes16 = (): Uint8Array => {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const value = Math.floor(next() * 4_294_967_296);
      bytes[i] = value & 0xff;
      bytes[i + 1] = (value >>> 8) & 0xff;
      bytes[i + 2] = (value >>> 16) & 0xff;
      bytes[i + 3] = (value >>> 24) & 0xff;
    }
    return bytes;
  };
  return { next, int, pick, chance, weighted, bytes16 };
}
export type Random = ReturnType<typeof createRandom>;

// Product words in several inflections, so stemming has something to do.
const DEVICES = [
  'Drucker',
  'Laserdrucker',
  'Multifunktionsgerät',
  'Tintenstrahldrucker',
  'Etikettendrucker',
  'Kopierer',
  'Scanner',
  'Plotter',
  'Faxgerät',
  'Bondrucker',
] as const;
const DEVICE_FORMS = [
  'Drucker',
  'Druckers',
  'Druckern',
  'Laserdrucker',
  'Multifunktionsgerät',
  'Multifunktionsgeräte',
  'Gerät',
  'Geräte',
  'Geräts',
  'Kopierer',
  'Scanner',
  'Plotter',
  'Faxgerät',
  'Bondrucker',
  'Etikettendrucker',
] as const;
const MODELS = [
  'LaserJet Pro M404',
  'OfficeJet 9015',
  'ecosys P2235dn',
  'MFC-L8690CDW',
  'imageRUNNER C3226i',
  'WorkForce WF-4830',
  'Bizhub C250i',
  'TM-T88VI',
  'ZD421',
  'DesignJet T230',
] as const;
const PARTS = [
  'Toner',
  'Tonerkartusche',
  'Tonerkartuschen',
  'Trommel',
  'Trommeleinheit',
  'Fixiereinheit',
  'Druckerpatrone',
  'Druckerpatronen',
  'Tintenpatrone',
  'Papierfach',
  'Einzugsrolle',
  'Einzugsrollen',
  'Wartungskit',
  'Resttonerbehälter',
  'Netzteil',
  'Duplexeinheit',
  'Akku',
  'Ersatzakku',
  'Druckkopf',
  'Druckköpfe',
] as const;
const PROBLEMS = [
  'Papierstau',
  'Streifen auf dem Ausdruck',
  'blasse Ausdrucke',
  'Fehlercode E-302',
  'Fehlermeldung 49.4C02',
  'keine Verbindung im WLAN',
  'Geräusche beim Einzug',
  'doppelter Einzug',
  'graue Schleier',
  'Toner wird nicht erkannt',
  'Druckaufträge hängen in der Warteschlange',
  'Scan-to-Mail funktioniert nicht',
  'Display bleibt dunkel',
  'verschmierte Seiten',
  'Kartusche undicht',
] as const;
const LOGISTICS = [
  'Paket',
  'Pakete',
  'Pakets',
  'Lieferung',
  'Lieferungen',
  'Teillieferung',
  'Sendung',
  'Sendungsnummer',
  'Retoure',
  'Retouren',
  'Rücksendung',
  'Rücksendeschein',
  'Austauschgerät',
  'Ersatzlieferung',
  'Zustellung',
  'Spedition',
] as const;
const MONEY = [
  'Rechnung',
  'Rechnungen',
  'Gutschrift',
  'Rechnungsadresse',
  'Mahnung',
  'Lieferschein',
  'Bestellung',
  'Auftragsbestätigung',
  'Kulanz',
  'Garantie',
  'Garantieverlängerung',
  'Gewährleistung',
  'Wartungsvertrag',
  'Leasingvertrag',
] as const;
const PLACES = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Lagerhalle',
  'Filiale',
  'Empfang',
  'Büro im 2. Obergeschoß',
  'Buchhaltung',
  'Werkstatt',
  'Außenlager',
  'Packstation',
] as const;
const CARRIERS = ['DHL', 'DPD', 'GLS', 'Hermes', 'UPS', 'die Spedition Nordfracht'] as const;
const RARE = [
  'Kondenswasser',
  'Blitzeinschlag',
  'Mäusefraß',
  'Überspannungsschaden',
  'Brandgeruch',
  'Wasserschaden',
  'Zollabfertigung',
  'Inselzuschlag',
  'Fehlkommissionierung',
  'Verpackungsmüll',
  'Sturmschaden',
  'Kaffeemaschine',
  'Quittungsrolle',
  'Straßensperrung',
  'Großkundenrabatt',
] as const;
const GREETINGS = [
  'Sehr geehrte Damen und Herren,',
  'Hallo zusammen,',
  'Guten Tag,',
  'Moin,',
  'Liebes Support-Team,',
  'Hallo Frau Hoffmann,',
  'Grüß Gott,',
] as const;
const CLOSINGS = [
  'Mit freundlichen Grüßen',
  'Viele Grüße',
  'Beste Grüße',
  'Danke und Gruß',
  'Freundliche Grüße aus dem Büro',
] as const;

export type CaseKind = 'complaint' | 'return' | 'fault' | 'request' | 'mention' | 'inquiry';

function serial(random: Random): string {
  return `${random.pick(['CN', 'VNB', 'X3K', 'E7'])}${random.int(10_000_000, 99_999_999)}`;
}

function orderNumber(random: Random, year: number): string {
  return `BN-${year}-${random.int(10_000, 99_999)}`;
}

/** A subject as a customer or agent would write it. */
export function subjectFor(random: Random, type: CaseKind, year: number): string {
  const device = random.pick(DEVICES);
  const model = random.pick(MODELS);
  const part = random.pick(PARTS);
  const problem = random.pick(PROBLEMS);
  switch (type) {
    case 'fault':
      return random.pick([
        `${device} ${model}: ${problem}`,
        `${problem} am ${device}`,
        `${device} druckt nicht mehr – ${problem}`,
        `Störung ${device} ${model} im Büro`,
      ]);
    case 'return':
      return random.pick([
        `Retoure ${part} – falsch geliefert`,
        `Rücksendung ${device} ${model}`,
        `Retoure zu Bestellung ${orderNumber(random, year)}`,
        `${part} beschädigt angekommen, bitte Retoure`,
      ]);
    case 'complaint':
      return random.pick([
        `Reklamation ${part} für ${model}`,
        `Lieferung unvollständig: ${part} fehlt`,
        `Paket beschädigt – ${part}`,
        `Beschwerde über Lieferzeit ${orderNumber(random, year)}`,
        `Garantiefall ${device} ${model}`,
      ]);
    case 'request':
      return random.pick([
        `Angebot für ${part} (${model})`,
        `Bitte um Rückruf wegen ${random.pick(MONEY)}`,
        `Neue Lieferadresse ${random.pick(PLACES)}`,
        `Wartungstermin für ${device} gewünscht`,
      ]);
    case 'inquiry':
      return random.pick([
        `Frage zur ${random.pick(['Rechnung', 'Gutschrift', 'Mahnung', 'Lieferung'])} ${orderNumber(random, year)}`,
        `Wo bleibt mein Paket?`,
        `Ist ${part} mit ${model} kompatibel?`,
        `Garantie für ${device} noch gültig?`,
      ]);
    default:
      return random.pick([
        `Erwähnung: ${device} ${model} in Bewertung`,
        `Hinweis aus dem Forum zu ${part}`,
        `Kommentar zu ${random.pick(LOGISTICS)}`,
      ]);
  }
}

function sentence(random: Random, year: number): string {
  const device = random.pick(DEVICE_FORMS);
  const part = random.pick(PARTS);
  const logistics = random.pick(LOGISTICS);
  const money = random.pick(MONEY);
  const templates: (() => string)[] = [
    () => `Seit gestern zeigt unser ${device} ${random.pick(PROBLEMS)}.`,
    () => `Wir haben die ${part} bereits zweimal getauscht, leider ohne Erfolg.`,
    () =>
      `Das ${logistics === 'Paket' ? 'Paket' : 'Paket mit dem Ersatzteil'} kam laut ${random.pick(CARRIERS)} am ${random.int(1, 28)}.${random.int(1, 12)}. an, war aber beschädigt.`,
    () =>
      `Die ${logistics} ist noch nicht bei uns eingegangen, die Sendungsnummer lautet ${random.int(100_000_000, 999_999_999)}.`,
    () =>
      `Bitte prüfen Sie die ${money} ${orderNumber(random, year)}, der Betrag von ${random.int(19, 2_400)},${random.int(10, 99)} € stimmt nicht.`,
    () => `Können Sie uns eine Gutschrift für die fehlerhafte ${part} ausstellen?`,
    () => `Die Seriennummer des Geräts ist ${serial(random)}.`,
    () => `Der Techniker war vor Ort und hat die ${part} gereinigt; danach lief der ${device} wieder.`,
    () => `Laut Garantiebedingungen übernehmen wir den Austausch der ${part} kostenlos.`,
    () => `Wir schicken Ihnen einen Rücksendeschein, bitte legen Sie das Gerät gut verpackt bereit.`,
    () =>
      `Das Austauschgerät wird morgen per ${random.pick(CARRIERS)} an die ${random.pick(PLACES)} geliefert.`,
    () => `Intern: Kunde hat schon dreimal angerufen, bitte bevorzugt behandeln.`,
    () => `Die Druckqualität ist seit dem Firmware-Update deutlich schlechter geworden.`,
    () => `Auf den Ausdrucken sind Streifen und Flecken zu sehen, besonders bei großen Flächen.`,
    () => `Bitte senden Sie uns Fotos des Schadens und den Lieferschein.`,
    () => `Die Retoure ist bei uns eingegangen und wird geprüft.`,
    () => `Gemäß Wartungsvertrag ist der Einsatz für Sie kostenfrei.`,
    () => `Ursache war ${random.pick(RARE)}, das ist kein Garantiefall.`,
    () => `Wir haben die Bestellung storniert und den Betrag erstattet.`,
    () => `Der Fahrer hat das Paket ohne Unterschrift vor der Tür abgestellt.`,
    () => `Können Sie bitte den Status der Reparatur mitteilen?`,
    () => `Ich habe den ${device} neu gestartet und die Treiber aktualisiert, das Problem bleibt.`,
    () =>
      `Für das Modell ${random.pick(MODELS)} ist das ${part} leider erst in ${random.int(2, 6)} Wochen lieferbar.`,
    () => `Nach Rücksprache mit dem Hersteller erhalten Sie eine Kulanzgutschrift.`,
    () => `Die Rechnungsadresse hat sich geändert, bitte künftig an die ${random.pick(PLACES)} schicken.`,
  ];
  return random.pick(templates)();
}

/** A message body: greeting, 2–6 sentences, closing; notes are shorter and have neither. */
export function messageBody(
  random: Random,
  year: number,
  kind: 'inbound' | 'outbound' | 'note',
  signature: string,
): string {
  const count = kind === 'note' ? random.int(1, 3) : random.int(2, 6);
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) sentences.push(sentence(random, year));
  if (kind === 'note') return sentences.join(' ');
  return `${random.pick(GREETINGS)}\n\n${sentences.join(' ')}\n\n${random.pick(CLOSINGS)}\n${signature}`;
}

/** A fact as an agent would record it on a case. */
export function factFor(random: Random, year: number): { key: string; label: string; value: string } {
  return random.pick([
    () => ({ key: 'serial_number', label: 'Seriennummer', value: serial(random) }),
    () => ({ key: 'order_number', label: 'Bestellnummer', value: orderNumber(random, year) }),
    () => ({ key: 'model', label: 'Modell', value: random.pick(MODELS) }),
  ])();
}

/** Words for the search benchmark: common ones (in many cases), rare ones, two-word queries. */
export const SEARCH_WORDS = {
  common: ['Drucker', 'Toner', 'Paket', 'Rechnung', 'Lieferung', 'Garantie', 'Retoure', 'Gerät'],
  rare: ['Mäusefraß', 'Blitzeinschlag', 'Kondenswasser', 'Inselzuschlag', 'Straßensperrung', 'Brandgeruch'],
  pairs: [
    'Drucker Papierstau',
    'Toner Gutschrift',
    'Paket beschädigt',
    'Retoure Austauschgerät',
    'Rechnung Betrag',
    'Garantie Trommeleinheit',
    'Lieferung Spedition',
    'Kondenswasser Garantiefall',
  ],
  prefix: ['Druck', 'Tonerkart', 'Rücksend', 'Liefers'],
} as const;
