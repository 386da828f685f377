import type { Db } from '../src/db/database.js';
import type { PartnerRelationship, PerpetratorCaseStatus } from '../src/db/schema.js';
import type { TestOrganisation } from '../test/fixtures/organisation.js';

/** Invented names only: combinations that read as names but belong to no one. */
const GIVEN = ['Aldo', 'Bram', 'Cyrus', 'Dorian', 'Emrys', 'Fintan', 'Gideon', 'Hollis', 'Ivo', 'Jory', 'Kester', 'Lowell'];
const PARTNER_GIVEN = [
  'Anouk',
  'Briony',
  'Calla',
  'Delphine',
  'Elowen',
  'Fenna',
  'Greer',
  'Hesper',
  'Isolde',
  'Juno',
  'Kerensa',
  'Liesel',
];
const FAMILY = [
  'Ashdown',
  'Brindle',
  'Corrow',
  'Dunmore',
  'Elsworth',
  'Farrant',
  'Gorrie',
  'Hathersage',
  'Ivensen',
  'Jessop',
  'Kittow',
  'Lanyon',
];
const STATUSES: PerpetratorCaseStatus[] = [
  'referred',
  'assessment',
  'waiting',
  'active',
  'active',
  'active',
  'completed',
  'dropped_out',
];

/** A caseload of `count` participants, each with one partner and every third with an ex-partner too, written in batches. */
export async function generateCaseload(
  db: Db,
  org: TestOrganisation,
  count: number,
): Promise<{ participantIds: string[]; partnerCaseIds: string[] }> {
  const participantIds: string[] = [];
  const partnerCaseIds: string[] = [];
  const BATCH = 250;
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const people = await db
      .insertInto('participants')
      .values(
        Array.from({ length: size }, (_, k) => {
          const i = start + k;
          return {
            organisation_id: org.id,
            reference: `PB-${100000 + i}`,
            given_name: GIVEN[i % GIVEN.length] ?? 'Aldo',
            family_name: `${FAMILY[(i * 7) % FAMILY.length] ?? 'Ashdown'}-${i}`,
            gender: 'man' as const,
          };
        }),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('perpetrator_cases')
      .values(
        people.map((p, k) => ({
          organisation_id: org.id,
          participant_id: p.id,
          status: STATUSES[(start + k) % STATUSES.length] ?? 'active',
          allocated_worker_id: org.users.perpetrator.id,
        })),
      )
      .execute();
    const partnerValues = people.flatMap((p, k) => {
      const i = start + k;
      const relationships: PartnerRelationship[] = i % 3 === 0 ? ['current', 'ex'] : ['current'];
      return relationships.map((relationship, r) => ({
        organisation_id: org.id,
        participant_id: p.id,
        given_name: PARTNER_GIVEN[(i + r) % PARTNER_GIVEN.length] ?? 'Anouk',
        family_name: `${FAMILY[(i * 5 + r) % FAMILY.length] ?? 'Brindle'}-${i}`,
        relationship,
        phone: `07700 9${String(i % 100000).padStart(5, '0')}`,
        message_may_be_left: false,
      }));
    });
    const partners = await db.insertInto('partners').values(partnerValues).returning('id').execute();
    const cases = await db
      .insertInto('partner_cases')
      .values(
        partners.map((p, k) => ({
          organisation_id: org.id,
          partner_id: p.id,
          reference: `PSB-${start * 2 + k}`,
          status: 'engaged' as const,
          allocated_worker_id: org.users.partner.id,
        })),
      )
      .returning('id')
      .execute();
    participantIds.push(...people.map((p) => p.id));
    partnerCaseIds.push(...cases.map((c) => c.id));
  }
  return { participantIds, partnerCaseIds };
}
