import { randomInt } from 'node:crypto';
import type { Actor } from '../access/index.js';
import type { Db } from '../db/database.js';
import type { Side } from '../db/schema.js';
import { hashPassword } from '../identity/passwords.js';

/* The demo organisation's teams and staff: every name and address invented. */

const WORDS = [
  'amber',
  'harbour',
  'lantern',
  'meadow',
  'pebble',
  'orchard',
  'thimble',
  'violet',
  'willow',
  'copper',
  'saffron',
  'juniper',
];

function demoPassword(): string {
  return Array.from({ length: 4 }, () => WORDS[randomInt(WORDS.length)]).join('-');
}

export type DemoUser = { key: string; email: string; name: string; teams: Side[] };

export const USERS: DemoUser[] = [
  { key: 'facilitator', email: 'tom.reyes@northbridge.example', name: 'Tom Reyes', teams: ['perpetrator'] },
  { key: 'facilitator2', email: 'dev.patel@northbridge.example', name: 'Dev Patel', teams: ['perpetrator'] },
  { key: 'partnerWorker', email: 'priya.shah@northbridge.example', name: 'Priya Shah', teams: ['partner'] },
  { key: 'partnerWorker2', email: 'grace.okafor@northbridge.example', name: 'Grace Okafor', teams: ['partner'] },
  { key: 'manager', email: 'helen.ward@northbridge.example', name: 'Helen Ward', teams: ['management'] },
  { key: 'admin', email: 'sam.lee@northbridge.example', name: 'Sam Lee', teams: ['admin'] },
  { key: 'dpo', email: 'ruth.evans@northbridge.example', name: 'Ruth Evans', teams: ['dpo'] },
];

const TEAMS: Array<{ name: string; side: Side }> = [
  { name: 'Men’s programme', side: 'perpetrator' },
  { name: 'Partner support service', side: 'partner' },
  { name: 'Case management', side: 'management' },
  { name: 'Administrators', side: 'admin' },
  { name: 'Data protection', side: 'dpo' },
];

/** The demo organisation as its staff act in it: each user's id by key, and an actor for a user with given sides. */
export type DemoStaff = {
  organisation: { id: string };
  password: string;
  id: (key: string) => string;
  actor: (key: string, sides: Side[]) => Actor;
};

/** Adds the demo organisation with a team for each side and its staff, who all sign in with one password of four words. */
export async function addDemoOrganisation(db: Db, name: string): Promise<DemoStaff> {
  const password = demoPassword();
  const passwordHash = await hashPassword(password);
  const organisation = await db
    .insertInto('organisations')
    .values({ name, public_referral_slug: 'northbridge' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const teamIds = new Map<Side, string>();
  for (const team of TEAMS) {
    const row = await db
      .insertInto('teams')
      .values({ organisation_id: organisation.id, name: team.name, side: team.side })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds.set(team.side, row.id);
  }
  const ids = new Map<string, string>();
  for (const user of USERS) {
    const row = await db
      .insertInto('users')
      .values({ organisation_id: organisation.id, email: user.email, display_name: user.name, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(user.key, row.id);
    for (const side of user.teams) {
      await db
        .insertInto('team_memberships')
        .values({ organisation_id: organisation.id, team_id: teamIds.get(side) ?? '', user_id: row.id })
        .execute();
    }
  }
  const id = (key: string) => ids.get(key) ?? '';
  const actor = (key: string, sides: Side[]): Actor => ({
    userId: id(key),
    organisationId: organisation.id,
    displayName: USERS.find((u) => u.key === key)?.name ?? key,
    sides: new Set(sides),
  });
  return { organisation, password, id, actor };
}
