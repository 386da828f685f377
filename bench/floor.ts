import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import nunjucks from 'nunjucks';
import type { Db } from '../src/db/database.js';
import { registerFloorCasePages } from './floor-case-pages.js';
import { rows, type Query } from './floor-sql.js';

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

  registerFloorCasePages(app, db);

  // The dashboard's first-contact clocks: open cases whose first attempt is due, those still
  // awaiting contact, and the on-time rate of the last 90 days (calendar days here, not working days).
  app.get<{ Querystring: Query }>('/dashboard', async (request, reply) => {
    const org = request.query.org ?? '';
    const sections = [];
    // The same rows as Parallel's clocks: 25 of each list, oldest opened first, from the first
    // attempt and first contact each case keeps (migration 0024), counts up to the cap, and the
    // on-time rate over the last 90 days' cases.
    for (const side of ['partner', 'participant'] as const) {
      const clocks =
        side === 'partner'
          ? sql`SELECT c.id, c.reference, p.given_name || ' ' || p.family_name AS name, c.opened_on, u.display_name AS worker_name,
                  c.first_attempt_at AS first_at, c.reached_at
                FROM partner_cases c JOIN partners p ON p.id = c.partner_id LEFT JOIN users u ON u.id = c.allocated_worker_id
                WHERE c.organisation_id = ${org}::uuid AND c.status NOT IN ('closed', 'not_engaged') AND p.merged_into IS NULL`
          : sql`SELECT m.id, m.reference, m.given_name || ' ' || m.family_name AS name, c.opened_on, u.display_name AS worker_name,
                  c.first_attempt_at AS first_at, c.reached_at
                FROM perpetrator_cases c JOIN participants m ON m.id = c.participant_id LEFT JOIN users u ON u.id = c.allocated_worker_id
                WHERE c.organisation_id = ${org}::uuid AND c.status IN ('referred', 'assessment') AND m.merged_into IS NULL`;
      const due = await rows(db, sql`SELECT * FROM (${clocks}) k WHERE first_at IS NULL ORDER BY opened_on, id LIMIT 25`);
      const awaiting = await rows(
        db,
        sql`SELECT * FROM (${clocks}) k WHERE first_at IS NOT NULL AND reached_at IS NULL ORDER BY opened_on, id LIMIT 25`,
      );
      for (const list of [sql`first_at IS NULL`, sql`first_at IS NOT NULL AND reached_at IS NULL`]) {
        await rows(db, sql`SELECT count(*) AS n FROM (SELECT 1 FROM (${clocks}) k WHERE ${list} LIMIT ${COUNT_CAP + 1}) c`);
      }
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
