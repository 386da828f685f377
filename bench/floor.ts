import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import nunjucks from 'nunjucks';
import type { Db } from '../src/db/database.js';

/*
 * The floor: what the same pages cost with nothing but the work itself. A bare Fastify app (no
 * hooks, plugins, sessions, access checks, audit or row-level security) that reads the rows each
 * Parallel page shows with hand-written SQL on the same database handle, and renders them with
 * Nunjucks and the same govuk-frontend / MOJ macros. Parallel's figure over the floor's is what its
 * layers cost. The floor only reads: it writes none of the audit entries Parallel must write.
 *
 * Every route takes the organisation as ?org=; lists page by ?after=<id of the last row shown>.
 */

const VIEWS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor-views');
const NODE_MODULES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const PAGE_SIZE = 25;
const AUDIT_PAGE_SIZE = 50;
const COUNT_CAP = 1000;

/** MOJ frontend's own filters (mojDate for the timeline), which its components' templates call. */
const mojFilters = createRequire(import.meta.url)('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<
  string,
  (...args: unknown[]) => unknown
>;

type Query = { org?: string; after?: string };
type IdParams = { Params: { id: string }; Querystring: Query };

async function rows<T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

const caption = (counted: number, many: string) =>
  counted > COUNT_CAP ? `More than ${COUNT_CAP.toLocaleString('en-GB')} ${many}` : `${counted} ${many}`;

export async function createFloorApp(db: Db): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [VIEWS, path.join(NODE_MODULES, 'govuk-frontend/dist'), path.join(NODE_MODULES, '@ministryofjustice/frontend')],
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) => {
        for (const [name, filter] of Object.entries(mojFilters())) {
          env.addFilter(name, filter);
        }
        env.addFilter('nl2br', (text: unknown) => new nunjucks.runtime.SafeString(String(text).replace(/\n/g, '<br>')));
      },
    },
  });

  // Bare Fastify's /health, as Parallel's: the database answers.
  app.get('/health', async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok' };
  });

  // His caseload: keyset on (family name, given name, id), a capped count.
  app.get<{ Querystring: Query }>('/participants', async (request, reply) => {
    const { org = '', after } = request.query;
    const cursor = after
      ? sql`AND (p.family_name, p.given_name, p.id) > (SELECT family_name, given_name, id FROM participants WHERE id = ${after}::uuid)`
      : sql``;
    const items = await rows<Record<string, unknown>>(
      db,
      sql`SELECT p.id, p.given_name, p.family_name, p.reference, c.status, u.display_name AS worker_name, c.opened_on
          FROM participants p JOIN perpetrator_cases c ON c.participant_id = p.id
          LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE p.organisation_id = ${org}::uuid AND p.merged_into IS NULL ${cursor}
          ORDER BY p.family_name, p.given_name, p.id LIMIT ${PAGE_SIZE}`,
    );
    const [count] = await rows<{ n: string }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM participants p JOIN perpetrator_cases c ON c.participant_id = p.id
          WHERE p.organisation_id = ${org}::uuid AND p.merged_into IS NULL LIMIT ${COUNT_CAP + 1}) listed`,
    );
    const last = items.at(-1);
    return reply.view('list.njk', {
      title: 'Participants',
      path: '/participants',
      org,
      items,
      caption: caption(Number(count?.n ?? 0), 'participants'),
      next: items.length === PAGE_SIZE && last ? String(last.id) : null,
    });
  });

  // Her caseload: the same on her record.
  app.get<{ Querystring: Query }>('/partner-cases', async (request, reply) => {
    const { org = '', after } = request.query;
    const cursor = after
      ? sql`AND (p.family_name, p.given_name, p.id) > (SELECT p2.family_name, p2.given_name, p2.id FROM partner_cases c2 JOIN partners p2 ON p2.id = c2.partner_id WHERE c2.id = ${after}::uuid)`
      : sql``;
    const items = await rows<Record<string, unknown>>(
      db,
      sql`SELECT c.id, p.given_name, p.family_name, c.reference, c.status, u.display_name AS worker_name, c.opened_on
          FROM partners p JOIN partner_cases c ON c.partner_id = p.id
          LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE p.organisation_id = ${org}::uuid AND p.merged_into IS NULL ${cursor}
          ORDER BY p.family_name, p.given_name, p.id LIMIT ${PAGE_SIZE}`,
    );
    const [count] = await rows<{ n: string }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM partners p JOIN partner_cases c ON c.partner_id = p.id
          WHERE p.organisation_id = ${org}::uuid AND p.merged_into IS NULL LIMIT ${COUNT_CAP + 1}) listed`,
    );
    const last = items.at(-1);
    return reply.view('list.njk', {
      title: 'Partner cases',
      path: '/partner-cases',
      org,
      items,
      caption: caption(Number(count?.n ?? 0), 'partner cases'),
      next: items.length === PAGE_SIZE && last ? String(last.id) : null,
    });
  });

  // His case page as management sees it: his details and case, children, programme, disclosures,
  // her cases linked to him, contact attempts, case notes.
  app.get<IdParams>('/participants/:id', async (request, reply) => {
    const id = request.params.id;
    const [participant] = await rows<Record<string, unknown>>(
      db,
      sql`SELECT p.*, c.id AS case_id, c.status, c.opened_on, u.display_name AS worker_name
          FROM participants p JOIN perpetrator_cases c ON c.participant_id = p.id
          LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE p.id = ${id}::uuid ORDER BY c.opened_on DESC LIMIT 1`,
    );
    if (!participant) {
      return reply.code(404).send('Not found');
    }
    const children = await rows(db, sql`SELECT * FROM children WHERE participant_id = ${id}::uuid ORDER BY given_name`);
    const enrolments = await rows(
      db,
      sql`SELECT e.*, g.name AS programme_name FROM programme_enrolments e JOIN programmes g ON g.id = e.programme_id
          WHERE e.participant_id = ${id}::uuid ORDER BY e.created_at`,
    );
    const disclosures = await rows(
      db,
      sql`SELECT * FROM disclosures WHERE participant_id = ${id}::uuid ORDER BY disclosed_on DESC`,
    );
    const partnerCases = await rows(
      db,
      sql`SELECT c.id, p.given_name, p.family_name, p.relationship, c.status, u.display_name AS worker_name
          FROM partners p JOIN partner_cases c ON c.partner_id = p.id LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE p.participant_id = ${id}::uuid ORDER BY c.opened_on`,
    );
    const attempts = await rows(
      db,
      sql`SELECT a.attempted_at, a.method, a.outcome, u.display_name AS recorded_by_name
          FROM participant_contact_attempts a JOIN perpetrator_cases c ON c.id = a.perpetrator_case_id
          JOIN users u ON u.id = a.recorded_by WHERE c.participant_id = ${id}::uuid ORDER BY a.attempted_at DESC`,
    );
    const notes = await rows(
      db,
      sql`SELECT n.body, n.created_at, u.display_name AS author_name
          FROM perpetrator_case_notes n JOIN perpetrator_cases c ON c.id = n.perpetrator_case_id
          JOIN users u ON u.id = n.author_id WHERE c.participant_id = ${id}::uuid ORDER BY n.created_at DESC`,
    );
    return reply.view('his-case.njk', {
      title: 'Participant',
      participant,
      children,
      enrolments,
      disclosures,
      partnerCases,
      attempts,
      notes,
    });
  });

  // Her case page as management sees it: her details, safe-contact rules, contact attempts, safety
  // plan, DASH, MARAC referrals, duties to inform her, children, support notes, and his summary.
  app.get<IdParams>('/partner-cases/:id', async (request, reply) => {
    const id = request.params.id;
    const [partnerCase] = await rows<Record<string, unknown>>(
      db,
      sql`SELECT c.id, c.reference, c.status, c.opened_on, u.display_name AS worker_name, p.*,
                 m.id AS participant_id, m.reference AS participant_reference, m.given_name AS participant_given_name,
                 m.family_name AS participant_family_name,
                 (SELECT status FROM perpetrator_cases WHERE participant_id = m.id ORDER BY opened_on DESC LIMIT 1) AS participant_status
          FROM partner_cases c JOIN partners p ON p.id = c.partner_id JOIN participants m ON m.id = p.participant_id
          LEFT JOIN users u ON u.id = c.allocated_worker_id WHERE c.id = ${id}::uuid`,
    );
    if (!partnerCase) {
      return reply.code(404).send('Not found');
    }
    const attempts = await rows(
      db,
      sql`SELECT a.attempted_at, a.method, a.outcome, u.display_name AS recorded_by_name
          FROM partner_contact_attempts a JOIN users u ON u.id = a.recorded_by
          WHERE a.partner_case_id = ${id}::uuid ORDER BY a.attempted_at DESC`,
    );
    const [safetyPlan] = await rows(
      db,
      sql`SELECT version, review_on FROM safety_plan_versions WHERE partner_case_id = ${id}::uuid ORDER BY version DESC LIMIT 1`,
    );
    const [dash] = await rows(
      db,
      sql`SELECT score_level, completed_on FROM dash_assessments WHERE partner_case_id = ${id}::uuid
          ORDER BY completed_on DESC, created_at DESC LIMIT 1`,
    );
    const marac = await rows(
      db,
      sql`SELECT referred_on, status FROM marac_referrals WHERE partner_case_id = ${id}::uuid ORDER BY referred_on DESC`,
    );
    const duties = await rows(
      db,
      sql`SELECT outcome, told_at FROM partner_duty_records WHERE partner_case_id = ${id}::uuid ORDER BY told_at DESC`,
    );
    const children = await rows(
      db,
      sql`SELECT ch.given_name, ch.lives_with, ch.protection_status, d.school, d.notes
          FROM children ch LEFT JOIN child_partner_details d ON d.child_id = ch.id
          WHERE ch.participant_id = ${String(partnerCase.participant_id)}::uuid ORDER BY ch.given_name`,
    );
    const notes = await rows(
      db,
      sql`SELECT n.body, n.created_at, u.display_name AS author_name
          FROM partner_case_notes n JOIN users u ON u.id = n.author_id
          WHERE n.partner_case_id = ${id}::uuid ORDER BY n.created_at DESC`,
    );
    return reply.view('her-case.njk', {
      title: 'Partner case',
      partnerCase,
      attempts,
      safetyPlan,
      dash,
      marac,
      duties,
      children,
      notes,
    });
  });

  // The dashboard's first-contact clocks: open cases whose first attempt is due, those still
  // awaiting contact, and the on-time rate of the last 90 days (calendar days here, not working days).
  app.get<{ Querystring: Query }>('/dashboard', async (request, reply) => {
    const org = request.query.org ?? '';
    const sections = [];
    for (const side of ['partner', 'participant'] as const) {
      const clocks =
        side === 'partner'
          ? sql`SELECT c.id, c.reference, p.given_name || ' ' || p.family_name AS name, c.opened_on, u.display_name AS worker_name,
                  (SELECT min(attempted_at) FROM partner_contact_attempts a WHERE a.partner_case_id = c.id) AS first_at,
                  (SELECT min(attempted_at) FROM partner_contact_attempts a WHERE a.partner_case_id = c.id AND a.outcome = 'reached') AS reached_at
                FROM partner_cases c JOIN partners p ON p.id = c.partner_id LEFT JOIN users u ON u.id = c.allocated_worker_id
                WHERE c.organisation_id = ${org}::uuid AND c.status NOT IN ('closed', 'not_engaged') AND p.merged_into IS NULL`
          : sql`SELECT m.id, m.reference, m.given_name || ' ' || m.family_name AS name, c.opened_on, u.display_name AS worker_name,
                  (SELECT min(attempted_at) FROM participant_contact_attempts a WHERE a.perpetrator_case_id = c.id) AS first_at,
                  (SELECT min(attempted_at) FROM participant_contact_attempts a WHERE a.perpetrator_case_id = c.id AND a.outcome = 'reached') AS reached_at
                FROM perpetrator_cases c JOIN participants m ON m.id = c.participant_id LEFT JOIN users u ON u.id = c.allocated_worker_id
                WHERE c.organisation_id = ${org}::uuid AND c.status IN ('referred', 'assessment') AND m.merged_into IS NULL`;
      const due = await rows(db, sql`SELECT * FROM (${clocks}) k WHERE first_at IS NULL ORDER BY opened_on`);
      const awaiting = await rows(
        db,
        sql`SELECT * FROM (${clocks}) k WHERE first_at IS NOT NULL AND reached_at IS NULL ORDER BY opened_on`,
      );
      const [kpi] = await rows<{ opened: string; on_time: string }>(
        db,
        sql`SELECT count(*) AS opened, count(*) FILTER (WHERE first_at::date <= opened_on + 2) AS on_time
            FROM (${clocks}) k WHERE opened_on >= current_date - 90`,
      );
      sections.push({
        title: side === 'partner' ? 'Partners: first contact' : 'Participants: first contact',
        due,
        awaiting,
        kpi: { opened: Number(kpi?.opened ?? 0), onTime: Number(kpi?.on_time ?? 0) },
      });
    }
    return reply.view('dashboard.njk', { title: 'Due and overdue', sections });
  });

  // The audit log's first page: the organisation's users for the search form, the newest entries.
  app.get<{ Querystring: Query }>('/audit', async (request, reply) => {
    const org = request.query.org ?? '';
    const users = await rows(
      db,
      sql`SELECT id, display_name FROM users WHERE organisation_id = ${org}::uuid ORDER BY display_name, id`,
    );
    const entries = await rows(
      db,
      sql`SELECT a.occurred_at, a.action, a.record_type, a.record_id, u.display_name AS actor_name
          FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id
          WHERE a.organisation_id = ${org}::uuid ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${AUDIT_PAGE_SIZE}`,
    );
    const [count] = await rows<{ n: string }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM audit_events WHERE organisation_id = ${org}::uuid LIMIT ${COUNT_CAP + 1}) c`,
    );
    return reply.view('audit.njk', { title: 'Audit log', users, entries, caption: caption(Number(count?.n ?? 0), 'entries') });
  });

  return app;
}
