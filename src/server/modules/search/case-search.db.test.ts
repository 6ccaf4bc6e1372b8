import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects';
import { buildOrganisation } from '../../../../test/factories';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-db';
import { systemClock } from '../../shared/clock';
import { newId } from '../../shared/ids';
import type { Scope, UserScope } from '../../shared/scope';
import {
  appendCaseSearchText,
  caseIdsMatching,
  rankedCaseIds,
  removeCaseSearchText,
  replaceCaseSearchText,
} from './case-search';
import type { CaseSearchText } from './search-documents';

const OPERATOR: Scope = { kind: 'system', label: 'test' };

function userOf(organisationKind: 'customer' | 'partner', organisationId: string): UserScope {
  return {
    kind: 'user',
    personId: newId(),
    name: 'Test',
    email: 'test@example.invalid',
    organisationId,
    organisationKind,
    roles: organisationKind === 'partner' ? ['partner_agent'] : ['customer_user'],
    via: 'session',
  };
}

const everyone = (text: string): CaseSearchText => ({ text, visibility: 'public' });

for (const dialect of DIALECTS) {
  describe(`case search [${dialect}]`, () => {
    let database: TestDatabase;
    let customerId: string;
    let sequence = 0;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      customerId = (await buildOrganisation({ db: database.db, clock: systemClock }, { kind: 'customer' }))
        .id;
    });
    afterAll(async () => database.drop());

    /** Inserts a case and indexes its number, subject and `body` the way the case service will. */
    async function indexedCase(
      subject: string,
      body: string | CaseSearchText[] = '',
      number = `CD-2026-${String(++sequence).padStart(6, '9')}`,
    ) {
      const id = newId();
      const now = new Date().toISOString();
      await database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('support_case')
          .values({
            id,
            number,
            type: 'complaint',
            status: 'open',
            priority: 'normal',
            subject,
            customer_id: customerId,
            channel: 'email',
            breaching: 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const texts = typeof body === 'string' ? [everyone(body)] : body;
        await replaceCaseSearchText(trx, dialect, id, [everyone(`${number}\n${subject}`), ...texts]);
      });
      return id;
    }

    /** The ids of all cases that match, through the subquery the case list uses. */
    async function search(query: string, scope: Scope = OPERATOR): Promise<string[]> {
      const matching = caseIdsMatching(database.db, dialect, scope, query);
      if (!matching) throw new Error(`no searchable word in ${query}`);
      const rows = await database.db
        .selectFrom('support_case')
        .select('id')
        .where('support_case.id', 'in', matching)
        .execute();
      return rows.map((row) => row.id);
    }

    it('finds inflected forms of a German word', async () => {
      const genitive = await indexedCase('Toner des Druckers leer');
      const dative = await indexedCase('Probleme mit den Druckern im Lager');
      const other = await indexedCase('Bildschirm flackert');
      const found = await search('Drucker');
      expect(found).toEqual(expect.arrayContaining([genitive, dative]));
      expect(found).not.toContain(other);
    });

    it('treats ß and ss alike and finds the street in a compound', async () => {
      const id = await indexedCase(
        'Falsche Lieferadresse',
        'Bitte liefern Sie an Hauptstraße 12, 26121 Oldenburg.',
      );
      expect(await search('straße')).toContain(id);
      expect(await search('strasse')).toContain(id);
      expect(await search('Hauptstrasse 12')).toContain(id);
    });

    it('finds umlauts however they are written', async () => {
      const id = await indexedCase('Geräte fallen aus');
      expect(await search('Gerät')).toContain(id);
      expect(await search('Geraet')).toContain(id);
    });

    it('finds a case by its number and by the tail of its number', async () => {
      const id = await indexedCase('Rückfrage zur Rechnung', '', 'CD-2026-000123');
      expect(await search('CD-2026-000123')).toEqual([id]);
      expect(await search('000123')).toEqual([id]);
      expect(await search('cd-2026-000124')).toEqual([]);
    });

    it('requires every word of the query to match', async () => {
      const both = await indexedCase('Scanner zieht Papier schief ein', 'Auch der Einzug quietscht.');
      const one = await indexedCase('Scanner meldet Fehler 42');
      const found = await search('Scanner Einzug');
      expect(found).toContain(both);
      expect(found).not.toContain(one);
    });

    it('finds the words of an appended message alongside the earlier text', async () => {
      const id = await indexedCase('Notebook startet nicht');
      expect(await search('Netzteil')).not.toContain(id);
      await database.db
        .transaction()
        .execute((trx) =>
          appendCaseSearchText(trx, dialect, id, everyone('Kunde: Das Netzteil riecht verbrannt.')),
        );
      expect(await search('Netzteil')).toContain(id);
      expect(await search('Notebook Netzteil verbrannt')).toContain(id);
    });

    it('asks for a rebuild instead of appending to a case that has no search document yet', async () => {
      const id = newId();
      const now = new Date().toISOString();
      await database.db
        .insertInto('support_case')
        .values({
          id,
          number: `CD-2026-${String(++sequence).padStart(6, '8')}`,
          type: 'complaint',
          status: 'open',
          priority: 'normal',
          subject: 'ohne Index',
          customer_id: customerId,
          channel: 'email',
          breaching: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const appended = await database.db
        .transaction()
        .execute((trx) => appendCaseSearchText(trx, dialect, id, everyone('Tastatur klemmt')));
      expect(appended).toBe(false);
      expect(await search('Tastatur')).toEqual([]);
    });

    it('forgets the old words when the text is replaced', async () => {
      const id = await indexedCase('Beamer brummt');
      await database.db
        .transaction()
        .execute((trx) =>
          replaceCaseSearchText(trx, dialect, id, [everyone('CD-2026-777777 Projektor brummt')]),
        );
      expect(await search('Beamer')).not.toContain(id);
      expect(await search('Projektor brummt')).toContain(id);
    });

    it('leaves the index as it was when the transaction rolls back', async () => {
      const id = await indexedCase('Router verliert Verbindung');
      const failed = database.db.transaction().execute(async (trx) => {
        await appendCaseSearchText(trx, dialect, id, everyone('Firmware aktualisiert'));
        await replaceCaseSearchText(trx, dialect, id, [everyone('Switch')]);
        throw new Error('rolled back');
      });
      await expect(failed).rejects.toThrow('rolled back');
      expect(await search('Router Verbindung')).toContain(id);
      expect(await search('Firmware')).not.toContain(id);
      expect(await search('Switch')).not.toContain(id);
    });

    it('removes a case from the search', async () => {
      const id = await indexedCase('Headset rauscht');
      await database.db.transaction().execute((trx) => removeCaseSearchText(trx, dialect, id));
      expect(await search('Headset')).not.toContain(id);
    });

    it('drops a case from the search when the case is deleted', async () => {
      const id = await indexedCase('Docking-Station lädt nicht');
      await database.db.deleteFrom('support_case').where('id', '=', id).execute();
      expect(await search('Docking-Station')).toEqual([]);
    });

    it('keeps only the newest matches when asked to', async () => {
      const ids = [
        await indexedCase('Faxgerät piept'),
        await indexedCase('Faxgerät piept wieder'),
        await indexedCase('Faxgerät piept schon wieder'),
      ];
      const newest = caseIdsMatching(database.db, dialect, OPERATOR, 'Faxgerät', { newest: 2 })!;
      const rows = await database.db
        .selectFrom('support_case')
        .select('id')
        .where('id', 'in', newest)
        .execute();
      expect(rows.map((row) => row.id).sort()).toEqual(ids.slice(1).sort());
    });

    it('returns null for a query without a searchable word', async () => {
      expect(caseIdsMatching(database.db, dialect, OPERATOR, '  ?! ')).toBeNull();
      expect(await rankedCaseIds(database.db, dialect, OPERATOR, '', 10)).toBeNull();
    });

    it('ranks a case that mentions the word in subject and body before one that mentions it once', async () => {
      const once = await indexedCase(
        'Allgemeine Anfrage zum Wartungsvertrag',
        'Wir haben eine Frage zur Abrechnung des Vertrags, außerdem ist ein Kopierer betroffen.',
      );
      const twice = await indexedCase(
        'Kopierer zieht kein Papier ein',
        'Seit gestern meldet der Kopierer im zweiten Stock einen Papierstau im Fach zwei.',
      );
      const ranked = await rankedCaseIds(database.db, dialect, OPERATOR, 'Kopierer', 10);
      expect(ranked?.filter((id) => id === once || id === twice)).toEqual([twice, once]);
      expect(await rankedCaseIds(database.db, dialect, OPERATOR, 'Kopierer', 1)).toEqual([twice]);
    });

    it('ranks exactly the cases that match', async () => {
      const ranked = await rankedCaseIds(database.db, dialect, OPERATOR, 'Drucker', 100);
      expect(new Set(ranked)).toEqual(new Set(await search('Drucker')));
    });

    describe('who may find what', () => {
      let partner: string;
      let otherPartner: string;
      let id: string;

      beforeAll(async () => {
        const deps = { db: database.db, clock: systemClock };
        partner = (await buildOrganisation(deps, { kind: 'partner' })).id;
        otherPartner = (await buildOrganisation(deps, { kind: 'partner' })).id;
        id = await indexedCase('Monitor flimmert', [
          everyone('Der Monitor flimmert seit dem Umzug.'),
          { text: 'Intern: Kunde ist Zahlungsverzug Kandidat Quokkafell', visibility: 'internal' },
          {
            text: 'Für den Händler: Ersatzgerät Wombatpfote liegt bereit',
            visibility: 'partner',
            partnerOrganisationId: partner,
          },
          {
            text: 'Alter Händler: Kängurubeutel',
            visibility: 'partner',
            partnerOrganisationId: otherPartner,
          },
          { text: 'Ohne Händler: Koalaohr', visibility: 'partner', partnerOrganisationId: null },
        ]);
      });

      it('finds public text for every reader', async () => {
        for (const scope of [OPERATOR, userOf('customer', customerId), userOf('partner', partner)])
          expect(await search('flimmert Umzug', scope)).toEqual([id]);
      });

      it('finds internal text, by word or prefix, for the operator only', async () => {
        expect(await search('Quokkafell')).toEqual([id]);
        expect(await search('Quokka')).toEqual([id]);
        for (const scope of [userOf('customer', customerId), userOf('partner', partner)]) {
          expect(await search('Quokkafell', scope)).toEqual([]);
          expect(await search('Quokka', scope)).toEqual([]);
          expect(await search('Monitor Quokkafell', scope)).toEqual([]);
        }
      });

      it('finds partner text for the operator and that partner, never for the customer or another partner', async () => {
        expect(await search('Wombatpfote')).toEqual([id]);
        expect(await search('Wombatpfote', userOf('partner', partner))).toEqual([id]);
        expect(await search('Wombat', userOf('partner', partner))).toEqual([id]);
        expect(await search('Wombatpfote', userOf('partner', otherPartner))).toEqual([]);
        expect(await search('Wombat', userOf('partner', otherPartner))).toEqual([]);
        expect(await search('Wombatpfote', userOf('customer', customerId))).toEqual([]);
        expect(await search('Wombat', userOf('customer', customerId))).toEqual([]);
        expect(await search('Kängurubeutel', userOf('partner', otherPartner))).toEqual([id]);
        expect(await search('Kängurubeutel', userOf('partner', partner))).toEqual([]);
      });

      it('keeps partner text without a partner organisation to the operator', async () => {
        expect(await search('Koalaohr')).toEqual([id]);
        expect(await search('Koalaohr', userOf('partner', partner))).toEqual([]);
        expect(await search('Koalaohr', userOf('customer', customerId))).toEqual([]);
      });

      it('matches words spread over several texts the reader may read', async () => {
        expect(await search('Quokkafell Wombatpfote Kängurubeutel flimmert')).toEqual([id]);
        expect(await search('Wombatpfote flimmert', userOf('partner', partner))).toEqual([id]);
        expect(await search('Wombatpfote Kängurubeutel', userOf('partner', partner))).toEqual([]);
      });

      it('ranks only what the reader may read', async () => {
        expect(
          await rankedCaseIds(database.db, dialect, userOf('customer', customerId), 'Quokkafell', 10),
        ).toEqual([]);
        expect(
          await rankedCaseIds(database.db, dialect, userOf('partner', partner), 'Wombatpfote', 10),
        ).toEqual([id]);
        expect(await rankedCaseIds(database.db, dialect, OPERATOR, 'Quokkafell', 10)).toEqual([id]);
      });

      it('counts only readable matches towards the newest bound', async () => {
        // A newer case whose only match is internal must not push the older public match out.
        const older = await indexedCase('Lüfter Okapiknie');
        await indexedCase('Netzteil', [{ text: 'Okapiknie intern', visibility: 'internal' }]);
        const matching = caseIdsMatching(database.db, dialect, userOf('customer', customerId), 'Okapiknie', {
          newest: 1,
        })!;
        const rows = await database.db
          .selectFrom('support_case')
          .select('id')
          .where('id', 'in', matching)
          .execute();
        expect(rows.map((row) => row.id)).toEqual([older]);
      });

      it('appends partner text only where its readers read', async () => {
        const appended = await database.db.transaction().execute((trx) =>
          appendCaseSearchText(trx, dialect, id, {
            text: 'Nachtrag Gürteltierpanzer',
            visibility: 'partner',
            partnerOrganisationId: partner,
          }),
        );
        expect(appended).toBe(true);
        expect(await search('Gürteltierpanzer')).toEqual([id]);
        expect(await search('Gürteltierpanzer', userOf('partner', partner))).toEqual([id]);
        expect(await search('Gürteltierpanzer', userOf('partner', otherPartner))).toEqual([]);
        expect(await search('Gürteltierpanzer', userOf('customer', customerId))).toEqual([]);
      });

      it('asks for a rebuild when a text needs a document the case does not have yet', async () => {
        const plain = await indexedCase('Maus klemmt');
        const appended = await database.db
          .transaction()
          .execute((trx) =>
            appendCaseSearchText(trx, dialect, plain, { text: 'Intern Faultier', visibility: 'internal' }),
          );
        expect(appended).toBe(false);
        expect(await search('Faultier')).toEqual([]);
      });
    });
  });
}
