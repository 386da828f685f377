import { authorize, can, listScope, type Actor } from '../access/index.js';
import { recordAuditEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { matchPerson, normaliseName, normalisePhone, normalisePostcode, type PersonMatch } from './matching.js';
import { presentParticipantMatch, presentPartnerMatch, type ParticipantMatch, type PartnerMatch } from './presenters.js';
import * as repo from './repository.js';
import type { TKnownPersonSearch } from './schemas.js';

/** At most this many matches of each kind, best first. */
export const MATCH_LIMIT = 20;

export type KnownPeople = { participants: ParticipantMatch[]; partners: PartnerMatch[] };

type Origin = { ip: string | null };

function searchKeys(candidate: TKnownPersonSearch): repo.SearchKeys {
  const initials = [candidate.familyName, candidate.givenName]
    .map((name) => Array.from(normaliseName(name))[0])
    .filter((letter): letter is string => letter !== undefined);
  return {
    dateOfBirth: candidate.dateOfBirth,
    phoneTail: normalisePhone(candidate.phone)?.slice(-9) ?? null,
    postcode: normalisePostcode(candidate.postcode),
    initials: [...new Set(initials)],
  };
}

/** Scores every candidate row, keeps the matches, best first (then by name, so the order is stable). */
function rank<Row, Match extends { score: number; name: string }>(
  rows: Row[],
  score: (row: Row) => PersonMatch | null,
  present: (row: Row, match: PersonMatch) => Match,
): Match[] {
  const matches: Match[] = [];
  for (const row of rows) {
    const match = score(row);
    if (match) {
      matches.push(present(row, match));
    }
  }
  return matches.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, MATCH_LIMIT);
}

/**
 * The known-person check at intake (issue 3): is the person on a referral already known to the
 * organisation, as a participant or as a partner?
 *
 * The wall (Respect standard; seed 001: nothing about her engagement is disclosed to him): partners
 * are searched only for users who may list partner cases. For anyone else the partner query never
 * runs, so nothing in the answer (no count, no flag, no reason, no timing) can hint that a partner
 * record matched; the row-level security of withActor() would return no partner rows anyway.
 */
export class KnownPeopleService {
  constructor(private readonly db: Db) {}

  async findKnownPeople(actor: Actor, candidate: TKnownPersonSearch, origin: Origin): Promise<KnownPeople> {
    authorize(actor, 'intake.search');
    const participantScope = listScope(actor, 'participant.list');
    const partnerScope = can(actor, 'partnerCase.list') ? listScope(actor, 'partnerCase.list') : null;
    const keys = searchKeys(candidate);
    return withActor(this.db, actor, async (trx) => {
      const participants = rank(
        await repo.participantCandidates(trx, participantScope, keys),
        (row) => matchPerson(candidate, row),
        presentParticipantMatch,
      );
      let partners: PartnerMatch[] = [];
      if (partnerScope) {
        const rows = await repo.partnerCandidates(trx, partnerScope, keys);
        // A partner with more than one case (after a merge) is listed once, with her latest case.
        const latestCase = rows.filter((row, index) => rows.findIndex((other) => other.id === row.id) === index);
        partners = rank(latestCase, (row) => matchPerson(candidate, { ...row, otherPhone: row.safePhone }), presentPartnerMatch);
      }
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'intake.known_person_search',
        ip: origin.ip,
        // Counts and ids only: never the name, date of birth, phone or postcode searched for.
        details: partnerScope
          ? {
              participantMatches: participants.length,
              partnerMatches: partners.length,
              partnerCaseIds: partners.map((p) => p.partnerCaseId),
            }
          : { participantMatches: participants.length },
      });
      return { participants, partners };
    });
  }
}
