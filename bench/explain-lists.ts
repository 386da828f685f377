import { CompiledQuery, type Compilable } from 'kysely';
import type { Action, ListScope } from '../src/access/index.js';
import { withActor, type Db, type Trx } from '../src/db/database.js';
import { meetingCountQuery, meetingPageQuery } from '../src/marac/meetings-repository.js';
import { participantCaseCountQuery, participantCasePageQuery } from '../src/participants/repository.js';
import { outstandingDutyCountQuery, outstandingDutyPageQuery } from '../src/partner-duties/outstanding-repository.js';
import { partnerCaseCountQuery, partnerCasePageQuery } from '../src/partner-support/repository.js';
import { openReviewCountQuery, openReviewsQuery } from '../src/programme/attendance/reviews-repository.js';
import { groupCountQuery, groupPageQuery } from '../src/programme/groups/repository.js';
import { alertCountQuery, herSideAlertsQuery, hisSideAlertsQuery } from '../src/risk/alert-lists.js';
import { referralCountQuery, referralPageQuery } from '../src/referrals/repository.js';
import { COUNT_CAP, type PageCursor } from '../src/web/pagination.js';

/*
 * EXPLAIN of each paged list's queries as the application runs them (issue 11, point 2): the first
 * page, a later page (after the first page's last row, as its "Next page" link would ask) and the
 * capped count, each inside withActor so row-level security and the application role apply.
 * A "Seq Scan on" a case table means a list reads the organisation instead of its index.
 * bench/run.ts calls this; the actor should be a manager (both sides) so every list has rows.
 */

/** The tables whose size grows with the caseload: a list must never scan one of them whole. */
export const CASE_TABLES = [
  'participants',
  'perpetrator_cases',
  'partners',
  'partner_cases',
  'referrals',
  'participant_events',
] as const;

const PAGE_LIMIT = 26; // a page of 25 and one more, as src/web/pagination.ts fetches

type ListQueries<Row> = {
  list: string;
  action: Action;
  page: (trx: Trx, scope: ListScope, cursor: PageCursor | null) => Promise<Compilable<Row>>;
  count: (trx: Trx, scope: ListScope) => Compilable<unknown>;
  idsOf: (row: Row) => string[];
};

const LISTS = [
  {
    list: 'participants',
    action: 'participant.list',
    page: (trx, scope, cursor) => participantCasePageQuery(trx, scope, cursor, PAGE_LIMIT),
    count: (trx, scope) => participantCaseCountQuery(trx, scope, COUNT_CAP + 1),
    idsOf: (row: { participantId: string; caseId: string }) => [row.participantId, row.caseId],
  } satisfies ListQueries<{ participantId: string; caseId: string }>,
  {
    list: 'partner-cases',
    action: 'partnerCase.list',
    page: (trx, scope, cursor) => partnerCasePageQuery(trx, scope, cursor, PAGE_LIMIT),
    count: (trx, scope) => partnerCaseCountQuery(trx, scope, COUNT_CAP + 1),
    idsOf: (row: { partnerId: string; caseId: string }) => [row.partnerId, row.caseId],
  } satisfies ListQueries<{ partnerId: string; caseId: string }>,
  {
    list: 'referrals',
    action: 'referral.list',
    page: (trx, scope, cursor) => referralPageQuery(trx, scope, cursor, PAGE_LIMIT),
    count: (trx, scope) => referralCountQuery(trx, scope, COUNT_CAP + 1),
    idsOf: (row: { id: string }) => [row.id],
  } satisfies ListQueries<{ id: string }>,
  {
    // Every case's outstanding duties (a manager's /partner-duties and dashboard), due date order.
    list: 'partner-duties',
    action: 'partnerDuty.view',
    page: (trx, scope, cursor) => outstandingDutyPageQuery(trx, { organisationId: scope.organisationId }, cursor, PAGE_LIMIT),
    count: (trx, scope) => outstandingDutyCountQuery(trx, { organisationId: scope.organisationId }, COUNT_CAP + 1),
    idsOf: (row: { partnerCaseId: string; eventId: string }) => [row.partnerCaseId, row.eventId],
  } satisfies ListQueries<{ partnerCaseId: string; eventId: string }>,
  {
    // Every area's MARAC meetings (/marac), by area then date.
    list: 'marac-meetings',
    action: 'marac.view',
    page: (trx, scope, cursor) => meetingPageQuery(trx, scope.organisationId, null, cursor, PAGE_LIMIT),
    count: (trx, scope) => meetingCountQuery(trx, scope.organisationId, null, COUNT_CAP + 1),
    idsOf: (row: { id: string }) => [row.id],
  } satisfies ListQueries<{ id: string }>,
  {
    // Both sides' groups (a manager's /groups), running and planned first, newest start first.
    list: 'groups',
    action: 'programme.view',
    page: (trx, scope, cursor) => groupPageQuery(trx, scope.organisationId, ['perpetrator', 'partner'], cursor, PAGE_LIMIT),
    count: (trx, scope) => groupCountQuery(trx, scope.organisationId, ['perpetrator', 'partner'], COUNT_CAP + 1),
    idsOf: (row: { id: string }) => [row.id],
  } satisfies ListQueries<{ id: string }>,
];

/** A manager's dashboard shows this many of each organisation-wide section, with a capped count. */
const DASHBOARD_LIMIT = 10;

/** The dashboard's organisation-wide sections: the first few in order, and the capped count. */
const DASHBOARD_SECTIONS: Array<{
  list: string;
  first: (trx: Trx, organisationId: string) => Compilable<unknown>;
  count: (trx: Trx, organisationId: string) => Compilable<unknown>;
}> = [
  {
    list: 'dashboard escalation alerts, his side',
    first: (trx, org) => hisSideAlertsQuery(trx, org, { openOnly: true }).limit(DASHBOARD_LIMIT),
    count: (trx, org) => alertCountQuery(trx, org, 'perpetrator', { openOnly: true }, COUNT_CAP + 1),
  },
  {
    list: 'dashboard escalation alerts, her side',
    first: (trx, org) => herSideAlertsQuery(trx, org, { openOnly: true }).limit(DASHBOARD_LIMIT),
    count: (trx, org) => alertCountQuery(trx, org, 'partner', { openOnly: true }, COUNT_CAP + 1),
  },
  {
    list: 'dashboard reviews flagged',
    first: (trx, org) => openReviewsQuery(trx, org).limit(DASHBOARD_LIMIT),
    count: (trx, org) => openReviewCountQuery(trx, org, {}, COUNT_CAP + 1),
  },
];

async function explain(trx: Trx, query: Compilable<unknown>): Promise<string> {
  const compiled = query.compile();
  const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

function sequentialScansIn(plan: string): string[] {
  const scanned = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((match) => match[1] ?? '');
  return [...new Set(scanned.filter((table) => (CASE_TABLES as readonly string[]).includes(table)))];
}

export async function explainListQueries(
  db: Db,
  actor: { userId: string; organisationId: string },
): Promise<Array<{ list: string; plan: string; sequentialScans: string[] }>> {
  const report: Array<{ list: string; plan: string; sequentialScans: string[] }> = [];
  const add = (list: string, plan: string) => report.push({ list, plan, sequentialScans: sequentialScansIn(plan) });
  for (const entry of LISTS as Array<ListQueries<never>>) {
    await withActor(db, actor, async (trx) => {
      const scope: ListScope = { organisationId: actor.organisationId, action: entry.action };
      const first = await entry.page(trx, scope, null);
      add(`${entry.list}: first page`, await explain(trx, first));
      const rows = (await trx.executeQuery(first.compile())).rows as never[];
      const last = rows[Math.min(rows.length, PAGE_LIMIT - 1) - 1];
      if (last !== undefined) {
        const later = await entry.page(trx, scope, { direction: 'after', ids: entry.idsOf(last) });
        add(`${entry.list}: later page`, await explain(trx, later));
        const earlier = await entry.page(trx, scope, { direction: 'before', ids: entry.idsOf(last) });
        add(`${entry.list}: previous page`, await explain(trx, earlier));
      }
      add(`${entry.list}: count up to ${COUNT_CAP + 1}`, await explain(trx, entry.count(trx, scope)));
    });
  }
  for (const section of DASHBOARD_SECTIONS) {
    await withActor(db, actor, async (trx) => {
      add(`${section.list}: first ${DASHBOARD_LIMIT}`, await explain(trx, section.first(trx, actor.organisationId)));
      add(`${section.list}: count up to ${COUNT_CAP + 1}`, await explain(trx, section.count(trx, actor.organisationId)));
    });
  }
  return report;
}
