import type { Actor } from '../access/index.js';
import { PartnerChildrenService } from '../children/partner-details-service.js';
import { ZChildInput, ZChildPartnerDetails } from '../children/schemas.js';
import { ChildrenService } from '../children/service.js';
import type { Db } from '../db/database.js';

/**
 * Daniel's children with Sarah in the demo, through the real services: Mia and Oscar, seen by both
 * sides; Mia's school, and what Sarah said of collecting her, recorded on Sarah's case by her worker
 * (partner side only).
 */
export async function addDemoChildren(
  db: Db,
  people: { manager: Actor; partnerWorker: Actor; daniel: string; sarahCase: string },
): Promise<void> {
  const origin = { ip: null };
  const children = new ChildrenService(db);
  const child = (input: Record<string, unknown>) =>
    children.create(people.manager, people.daniel, ZChildInput.parse(input), origin);
  const mia = await child({
    givenName: 'Mia',
    dateOfBirth: '2016-10-14',
    relationshipToParticipant: 'parent',
    livesWith: 'both_parents',
    protectionStatus: 'child_in_need',
  });
  await child({
    givenName: 'Oscar',
    ageYears: 5,
    relationshipToParticipant: 'parent',
    livesWith: 'both_parents',
    protectionStatus: 'child_in_need',
  });
  await new PartnerChildrenService(db).saveDetails(
    people.partnerWorker,
    people.sarahCase,
    mia.id,
    ZChildPartnerDetails.parse({
      linked: true,
      school: 'Northbridge Primary',
      notes: 'Sarah collects Mia from school; Daniel is not on the collection list.',
    }),
    origin,
  );
}
