import type { Db } from '../db/database.js';
import { ZParticipantInput } from '../participants/schemas.js';
import { ParticipantService } from '../participants/service.js';
import { ZPartnerCaseInput } from '../partner-support/schemas.js';
import { PartnerCaseService } from '../partner-support/service.js';
import { addDemoProgrammeDelivery } from '../programme/delivery-demo.js';
import { addDemoReferralWithDocuments } from '../referrals/documents-demo.js';
import { addDemoAssessmentAndRisk } from './risk-demo.js';
import { addDemoChildren } from './children-demo.js';
import { addDemoWomanParticipant, markDemoFirstRegister } from './both-sides-demo.js';
import { USERS, addDemoOrganisation } from './staff-demo.js';
import { ZShareInput } from '../sharing/schemas.js';
import { SharingService } from '../sharing/service.js';

/*
 * A fictional demo organisation, so a new user can try every page. Every name, number and
 * address here is invented (phone numbers from Ofcom's drama range, 07700 900xxx).
 */
export const DEMO_ORGANISATION = 'Northbridge Domestic Abuse Service (demo)';

export type DemoSummary = {
  organisationId: string;
  password: string;
  users: { facilitator: string; partnerWorker: string; manager: string; admin: string; dpo: string };
};

export class DemoAlreadyLoadedError extends Error {}

export async function loadDemoData(db: Db): Promise<DemoSummary> {
  const existing = await db.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirst();
  if (existing) {
    throw new DemoAlreadyLoadedError('The demo organisation is already loaded. Delete the data directory to start again.');
  }
  const { organisation, password, id, actor } = await addDemoOrganisation(db, DEMO_ORGANISATION);
  const manager = actor('manager', ['management']);
  const facilitator = actor('facilitator', ['perpetrator']);
  const priya = actor('partnerWorker', ['partner']);
  const origin = { ip: null };

  const participants = new ParticipantService(db);
  const partnerCases = new PartnerCaseService(db);
  const sharing = new SharingService(db);

  const man = (input: Record<string, unknown>) => participants.create(manager, ZParticipantInput.parse(input), origin);
  const partner = (participantId: string, input: Record<string, unknown>) =>
    partnerCases.create(manager, participantId, ZPartnerCaseInput.parse(input), origin);

  const daniel = await man({
    givenName: 'Daniel',
    familyName: 'Marsh',
    knownAs: 'Danny',
    dateOfBirth: '1986-04-12',
    gender: 'man',
    phone: '07700 900111',
    addressLine1: '5 Heron Court',
    town: 'Northbridge',
    postcode: 'NB2 6HC',
    status: 'active',
    allocatedWorkerId: id('facilitator'),
  });
  const sarahCase = await partner(daniel, {
    givenName: 'Sarah',
    familyName: 'Marsh',
    knownAs: 'Sal',
    relationship: 'current',
    relationshipStartedOn: '2012-05-01',
    gender: 'woman',
    dateOfBirth: '1989-09-03',
    phone: '07700 900123',
    safePhone: '07700 900456',
    safeTimes: 'Weekdays 10am to 12pm, when the children are at school',
    messageMayBeLeft: 'no',
    codeWord: 'bluebell',
    interpreterLanguage: 'British Sign Language',
    addressLine1: '14 Kestrel Road',
    town: 'Northbridge',
    postcode: 'NB1 4KR',
    status: 'engaged',
    allocatedWorkerId: id('partnerWorker'),
  });
  const leanneCase = await partner(daniel, {
    givenName: 'Leanne',
    familyName: 'Price',
    relationship: 'ex',
    relationshipStartedOn: '2006-09-01',
    relationshipEndedOn: '2011-03-01',
    gender: 'woman',
    phone: '07700 900789',
    safeTimes: 'Evenings after 7pm',
    messageMayBeLeft: 'yes',
    codeWord: 'harbour',
    addressLine1: 'Flat 3, 22 Millbrook Lane',
    town: 'Eastwick',
    postcode: 'EW2 9ML',
    status: 'contacting',
    allocatedWorkerId: id('partnerWorker2'),
  });
  const kevin = await man({
    givenName: 'Kevin',
    familyName: 'Doyle',
    dateOfBirth: '1979-11-30',
    gender: 'man',
    status: 'assessment',
    allocatedWorkerId: id('facilitator2'),
  });
  const aishaCase = await partner(kevin, {
    givenName: 'Aisha',
    familyName: 'Doyle',
    relationship: 'current',
    gender: 'woman',
    phone: '07700 900321',
    safePhone: '07700 900654',
    safeTimes: 'Tuesday and Thursday mornings',
    messageMayBeLeft: 'no',
    codeWord: 'lantern',
    addressLine1: '7 Orchard Close',
    town: 'Northbridge',
    postcode: 'NB3 7OC',
    status: 'open',
    allocatedWorkerId: id('partnerWorker'),
  });
  const marcus = await man({
    givenName: 'Marcus',
    familyName: 'Hill',
    dateOfBirth: '1992-02-17',
    gender: 'man',
    status: 'waiting',
    allocatedWorkerId: id('facilitator'),
  });
  await partner(marcus, {
    givenName: 'Jo',
    familyName: 'Bennett',
    relationship: 'new',
    gender: 'woman',
    phone: '07700 900987',
    messageMayBeLeft: 'no',
    status: 'open',
    allocatedWorkerId: id('partnerWorker2'),
  });
  await man({ givenName: 'Ryan', familyName: 'Cole', dateOfBirth: '1995-06-08', gender: 'man', status: 'referred' });
  const chris = await man({
    givenName: 'Chris',
    familyName: 'Taylor',
    dateOfBirth: '1983-08-21',
    gender: 'man',
    status: 'active',
    allocatedWorkerId: id('facilitator2'),
  });
  await partner(chris, {
    givenName: 'Alex',
    familyName: 'Morgan',
    relationship: 'ex',
    gender: 'man',
    phone: '07700 900246',
    safeTimes: 'Any weekday afternoon',
    messageMayBeLeft: 'yes',
    status: 'engaged',
    allocatedWorkerId: id('partnerWorker'),
  });
  const nicola = await man({
    givenName: 'Nicola',
    familyName: 'Grant',
    dateOfBirth: '1990-01-25',
    gender: 'woman',
    status: 'assessment',
    allocatedWorkerId: id('facilitator'),
  });
  // A woman on the programme with two male partners, each with his own partner support worker.
  const liamCase = await partner(nicola, {
    givenName: 'Liam',
    familyName: 'Grant',
    relationship: 'current',
    relationshipStartedOn: '2019-06-01',
    gender: 'man',
    dateOfBirth: '1988-03-14',
    phone: '07700 900135',
    safePhone: '07700 900136',
    safeTimes: 'Weekday lunchtimes, from work',
    messageMayBeLeft: 'no',
    codeWord: 'kestrel',
    addressLine1: '9 Ferry Lane',
    town: 'Northbridge',
    postcode: 'NB4 2FL',
    status: 'engaged',
    allocatedWorkerId: id('partnerWorker2'),
  });
  await partner(nicola, {
    givenName: 'Jamie',
    familyName: 'Fletcher',
    relationship: 'ex',
    relationshipStartedOn: '2012-02-01',
    relationshipEndedOn: '2017-08-01',
    gender: 'man',
    phone: '07700 900147',
    safeTimes: 'Evenings after 6pm',
    messageMayBeLeft: 'yes',
    status: 'contacting',
    allocatedWorkerId: id('partnerWorker'),
  });

  await participants.addNote(
    facilitator,
    daniel,
    'Attended group and took part. Spoke about the impact of shouting on his children; some minimising of the incident in March.',
    origin,
  );
  await participants.addNote(
    facilitator,
    kevin,
    'First assessment session. Says the police call-out was a misunderstanding; motivation unclear.',
    origin,
  );
  await partnerCases.addNote(
    priya,
    sarahCase,
    'Spoke on the safe number at the agreed time. She says things are calmer but he checks her phone most evenings. Safety plan reviewed.',
    origin,
  );
  await participants.addNote(
    facilitator,
    nicola,
    'First assessment session. Nicola says the arguments with her partner started when she lost her job; she wants to keep the family together.',
    origin,
  );
  await partnerCases.addNote(
    actor('partnerWorker2', ['partner']),
    liamCase,
    'Spoke on the safe number at lunchtime. Liam says he is sleeping at his brother’s when Nicola has been drinking. DASH completed with him.',
    origin,
  );
  await partnerCases.addNote(
    actor('partnerWorker2', ['partner']),
    leanneCase,
    'Left a message on the agreed number. No reply yet; will try again on Thursday evening.',
    origin,
  );
  await sharing.record(
    priya,
    { kind: 'partnerCase', id: sarahCase },
    ZShareInput.parse({
      direction: 'outside',
      recipient: 'Northbridge children’s services (allocated social worker)',
      information: 'Attendance of the participant on the programme only.',
      basis: 'attendance_only',
      reason: 'Regular update requested for the child in need plan.',
    }),
    origin,
  );

  // Daniel's children with Sarah: seen by both sides; their school, and what Sarah said, by hers only.
  await addDemoChildren(db, { manager, partnerWorker: priya, daniel, sarahCase });

  // A referral by letter with its documents, one kept for partner support and management only.
  await addDemoReferralWithDocuments(db, { manager, facilitator });

  // Programme delivery: the catalogue, a rolling group with its sessions, a waiting list, a non-association.
  await addDemoProgrammeDelivery(db, {
    manager,
    facilitator,
    partnerWorker: priya,
    coFacilitatorId: id('facilitator2'),
    partnerCoFacilitatorId: id('partnerWorker2'),
    men: [daniel, marcus, kevin],
    participantReference: async (participantId) =>
      (await db.selectFrom('participants').select('reference').where('id', '=', participantId).executeTakeFirstOrThrow())
        .reference,
  });

  // Assessment and risk: Kevin's risk and suitability assessments, Aisha's first DASH, a MARAC meeting date.
  await addDemoAssessmentAndRisk(db, {
    assessor: actor('facilitator2', ['perpetrator']),
    partnerWorker: priya,
    kevin,
    aishaCase,
  });

  // Nicola assessed and reported on; Liam's DASH, safety plan and MARAC referral.
  await addDemoWomanParticipant(db, {
    assessor: actor('facilitator', ['perpetrator']),
    partnerWorker: actor('partnerWorker2', ['partner']),
    nicola,
    liamCase,
  });
  // The Monday group's first register, so attendance and the duties it raises are there to see.
  await markDemoFirstRegister(db, facilitator);

  return {
    organisationId: organisation.id,
    password,
    users: {
      facilitator: USERS[0]?.email ?? '',
      partnerWorker: USERS[2]?.email ?? '',
      manager: USERS[4]?.email ?? '',
      admin: USERS[5]?.email ?? '',
      dpo: USERS[6]?.email ?? '',
    },
  };
}
