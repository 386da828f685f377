import type { Actor } from '../access/index.js';
import type { Db } from '../db/database.js';
import { CatalogueItemsService } from './catalogue/items-service.js';
import { CatalogueService } from './catalogue/service.js';
import { ZModuleInput, ZProgrammeInput, ZTemplateInput } from './catalogue/schemas.js';
import { weekStartOf } from './sessions/calendar-service.js';
import { EnrolmentService } from './groups/enrolments-service.js';
import { GroupService } from './groups/service.js';
import { NonAssociationService } from './groups/non-associations-service.js';
import { addDays } from './schedule.js';
import { SessionChangeService } from './sessions/changes-service.js';
import { SessionService } from './sessions/service.js';
import { VenueService } from './venues/service.js';

/** The demo's programme delivery: a group DAPP with a rolling Monday group, a waiting list, a non-association, a women's group. */
export async function addDemoProgrammeDelivery(
  db: Db,
  people: {
    manager: Actor;
    facilitator: Actor;
    partnerWorker: Actor;
    coFacilitatorId: string;
    partnerCoFacilitatorId: string;
    /** Men whose cases are accepted: the first two are placed, the third kept apart from the first. */
    men: string[];
    participantReference: (participantId: string) => Promise<string>;
  },
): Promise<void> {
  const origin = { ip: null };
  const { manager, facilitator, partnerWorker } = people;
  const catalogue = new CatalogueService(db);
  const catalogueItems = new CatalogueItemsService(db, catalogue);
  const venues = new VenueService(db);
  const groups = new GroupService(db);
  const sessions = new SessionService(db);
  const changes = new SessionChangeService(db);
  const enrolments = new EnrolmentService(db);
  const nonAssociations = new NonAssociationService(db);

  const hall = await venues.create(
    manager,
    { name: 'Canal Street community centre', address: '1 Canal Street, Northbridge NB1 4CS' },
    origin,
  );
  const womensCentre = await venues.create(
    manager,
    { name: 'Northbridge women’s centre', address: 'Address given to members only' },
    origin,
  );
  const dapp = await catalogue.create(
    manager,
    ZProgrammeInput.parse({
      kind: 'group_dapp',
      name: 'Violence prevention programme',
      description: 'A 26-week group programme, weekly sessions of two and a half hours.',
      completionMinSessions: 24,
      completionMinHours: 60,
      absenceReviewAfter: 2,
    }),
    origin,
  );
  const moduleTitles = [
    'Physical violence',
    'Sexual respect',
    'Coercive control',
    'Parenting and children',
    'Separation and letting go',
  ];
  const moduleIds: string[] = [];
  for (const [i, title] of moduleTitles.entries()) {
    moduleIds.push(await catalogueItems.addModule(manager, dapp, ZModuleInput.parse({ title, required: i < 3 }), origin));
  }
  for (let n = 1; n <= 10; n += 1) {
    await catalogueItems.addTemplate(
      manager,
      dapp,
      ZTemplateInput.parse({
        title: `${moduleTitles[Math.floor((n - 1) / 2)]}, part ${((n - 1) % 2) + 1}`,
        moduleId: moduleIds[Math.floor((n - 1) / 2)],
        durationMinutes: 150,
        delivery: 'group',
      }),
      origin,
    );
  }
  await catalogue.create(
    manager,
    ZProgrammeInput.parse({ kind: 'one_to_one', name: 'One-to-one programme', absenceReviewAfter: 2 }),
    origin,
  );
  await catalogue.create(
    manager,
    ZProgrammeInput.parse({ kind: 'early_response', name: 'Make a Change', absenceReviewAfter: 2 }),
    origin,
  );

  const start = addDays(weekStartOf(), -14);
  const group = await groups.create(
    facilitator,
    {
      programmeId: dapp,
      name: 'Monday evening group',
      intake: 'rolling',
      venueId: hall,
      dayOfWeek: 1,
      startTime: '18:30',
      durationMinutes: 150,
      capacity: 10,
      startDate: start,
      interpreterLanguage: null,
    },
    origin,
  );
  await groups.addFacilitator(facilitator, group, { userId: facilitator.userId, role: 'regular' }, origin);
  await groups.addFacilitator(facilitator, group, { userId: people.coFacilitatorId, role: 'regular' }, origin);
  const planned = await sessions.generate(facilitator, group, { count: 12, skipBankHolidays: true }, origin);
  const third = planned[2];
  if (third) {
    await changes.reschedule(
      facilitator,
      third,
      {
        date: addDays(start, 15),
        time: '18:30',
        venueId: null,
        reason: 'The community centre is closed for repairs on the Monday',
      },
      origin,
    );
  }

  const enrolmentIds: string[] = [];
  for (const [i, man] of people.men.entries()) {
    enrolmentIds.push(
      await enrolments.addToWaitingList(
        facilitator,
        man,
        { programmeId: dapp, readyOn: addDays(start, -30 + i * 7), reasonCode: 'assessed_suitable', note: null },
        origin,
      ),
    );
  }
  const [first, second, apart] = people.men;
  if (first && apart) {
    await nonAssociations.record(
      facilitator,
      apart,
      { otherReference: await people.participantReference(first), reasonCode: 'conflict', note: null },
      origin,
    );
  }
  for (const enrolmentId of enrolmentIds.slice(0, second ? 2 : 1)) {
    await enrolments.placeInGroup(facilitator, group, { enrolmentId }, origin);
  }

  const support = await catalogue.create(
    manager,
    ZProgrammeInput.parse({ kind: 'partner_support_group', name: 'Women’s support group', absenceReviewAfter: 3 }),
    origin,
  );
  const womensGroup = await groups.create(
    partnerWorker,
    {
      programmeId: support,
      name: 'Tuesday morning women’s group',
      intake: 'rolling',
      venueId: womensCentre,
      dayOfWeek: 2,
      startTime: '10:00',
      durationMinutes: 120,
      capacity: 12,
      startDate: start,
      interpreterLanguage: null,
    },
    origin,
  );
  await groups.addFacilitator(partnerWorker, womensGroup, { userId: partnerWorker.userId, role: 'regular' }, origin);
  await groups.addFacilitator(partnerWorker, womensGroup, { userId: people.partnerCoFacilitatorId, role: 'regular' }, origin);
  await sessions.generate(partnerWorker, womensGroup, { count: 8, skipBankHolidays: true }, origin);
}
