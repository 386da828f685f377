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

  // His programme as Parallel counts it (src/programme/journey/progress.ts): his enrolments on perpetrator-side
  // programmes with their latest status, the programmes' modules and his register entries, one query each.
  const programmeOf = async (participantId: string) => {
    const enrolments = await rows<Record<string, unknown> & { id: string; programme_id: string }>(
      db,
      sql`SELECT e.id, e.programme_id, e.ready_on, e.started_on, e.ended_on, prog.name AS programme_name,
                 prog.completion_min_sessions, prog.completion_min_minutes, g.name AS group_name,
                 (SELECT h.to_status FROM enrolment_status_history h WHERE h.enrolment_id = e.id ORDER BY h.id DESC LIMIT 1) AS status,
                 (SELECT h.effective_on FROM enrolment_status_history h WHERE h.enrolment_id = e.id ORDER BY h.id DESC LIMIT 1) AS status_since
          FROM programme_enrolments e JOIN programmes prog ON prog.id = e.programme_id
          LEFT JOIN programme_groups g ON g.id = e.group_id
          WHERE e.participant_id = ${participantId}::uuid AND prog.side = 'perpetrator'
          ORDER BY e.ready_on DESC, e.created_at DESC`,
    );
    if (enrolments.length === 0) {
      return [];
    }
    const programmeIds = [...new Set(enrolments.map((e) => e.programme_id))];
    const modules = await rows<{ programme_id: string; id: string; title: string; required: boolean }>(
      db,
      sql`SELECT programme_id, id, title, required FROM programme_modules
          WHERE programme_id IN (${sql.join(programmeIds.map((id) => sql`${id}::uuid`))}) ORDER BY programme_id, position`,
    );
    const facts = await rows<{
      enrolment_id: string;
      outcome: string;
      minutes_late: number | null;
      duration_minutes: number;
      module_id: string | null;
      status: string;
    }>(
      db,
      sql`SELECT ar.enrolment_id, ar.outcome, ar.minutes_late, s.duration_minutes, t.module_id, s.status
          FROM attendance_records ar JOIN programme_sessions s ON s.id = ar.session_id
          LEFT JOIN session_templates t ON t.id = s.session_template_id
          WHERE ar.enrolment_id IN (${sql.join(enrolments.map((e) => sql`${e.id}::uuid`))}) ORDER BY s.starts_at`,
    );
    return enrolments.map((e) => {
      let attended = 0;
      let missed = 0;
      let minutes = 0;
      const covered = new Set<string>();
      for (const f of facts) {
        if (f.enrolment_id !== e.id || f.status === 'cancelled') {
          continue;
        }
        if (['attended', 'attended_not_complied', 'late'].includes(f.outcome)) {
          attended += 1;
          minutes += f.outcome === 'late' ? Math.max(0, f.duration_minutes - (f.minutes_late ?? 0)) : f.duration_minutes;
          if (f.module_id) {
            covered.add(f.module_id);
          }
        } else {
          missed += 1;
        }
      }
      const own = modules.filter((m) => m.programme_id === e.programme_id);
      return {
        ...e,
        status: e.status ?? 'waiting',
        attended,
        missed,
        hours: (Math.round(minutes / 6) / 10).toFixed(1),
        modulesCovered: own.filter((m) => covered.has(m.id)).map((m) => m.title),
        requiredModules: own.filter((m) => m.required).map((m) => m.title),
      };
    });
  };

  // His case page as management sees it: his details and case, children, his programme (enrolments
  // with progress, open reviews), disclosures, her cases linked to him, contact attempts, case notes.
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
    const org = String(participant.organisation_id);
    const children = await rows(
      db,
      sql`SELECT * FROM children WHERE organisation_id = ${org}::uuid AND participant_id = ${id}::uuid
          ORDER BY coalesce(date_of_birth, age_recorded_on - make_interval(years => age_years)), created_at, id`,
    );
    const enrolments = await programmeOf(id);
    const reviews = await rows(
      db,
      sql`SELECT r.enrolment_id, r.reason, r.raised_at FROM enrolment_reviews r JOIN programme_enrolments e ON e.id = r.enrolment_id
          WHERE r.organisation_id = ${org}::uuid AND r.resolved_at IS NULL AND e.participant_id = ${id}::uuid
          ORDER BY r.raised_at, r.id LIMIT 200`,
    );
    const disclosures = await rows(
      db,
      sql`SELECT d.disclosed_on, d.type, d.severity, d.detail, s.title AS session_title, u.display_name AS recorded_by_name
          FROM disclosures d LEFT JOIN programme_sessions s ON s.id = d.session_id LEFT JOIN users u ON u.id = d.recorded_by
          WHERE d.participant_id = ${id}::uuid ORDER BY d.disclosed_on DESC, d.recorded_at DESC`,
    );
    const partnerCases = await rows(
      db,
      sql`SELECT c.id, p.given_name, p.family_name, p.relationship, c.status, u.display_name AS worker_name
          FROM partners p JOIN partner_cases c ON c.partner_id = p.id LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE c.organisation_id = ${org}::uuid AND p.participant_id = ${id}::uuid ORDER BY c.opened_on`,
    );
    const attempts = await rows(
      db,
      sql`SELECT a.attempted_at, a.method, a.outcome, a.note, u.display_name AS recorded_by_name
          FROM participant_contact_attempts a JOIN users u ON u.id = a.recorded_by
          WHERE a.perpetrator_case_id = ${String(participant.case_id)}::uuid ORDER BY a.attempted_at DESC`,
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
      reviews,
      disclosures,
      partnerCases,
      attempts,
      notes,
    });
  });

  // Her case page as management sees it: her safe-contact rules, his attendance and status with the
  // alerts of his disclosures not yet seen for her case, the duties to inform her, support after his
  // programme (follow-up or closing summary), contact attempts and the not-engaged count, safety
  // plan, DASH, MARAC, her details (a sealed address withheld: management is not her allocated
  // worker, so Parallel reads no glass breaks for it either), children, support notes, his summary.
  app.get<IdParams>('/partner-cases/:id', async (request, reply) => {
    const id = request.params.id;
    const [partnerCase] = await rows<Record<string, unknown>>(
      db,
      sql`SELECT c.id, c.reference, c.status, c.opened_on, c.closed_on, u.display_name AS worker_name, p.*, c.id AS case_id,
                 m.id AS participant_id, m.reference AS participant_reference, m.given_name AS participant_given_name,
                 m.family_name AS participant_family_name,
                 (SELECT status FROM perpetrator_cases WHERE participant_id = m.id ORDER BY opened_on DESC LIMIT 1) AS participant_status
          FROM partner_cases c JOIN partners p ON p.id = c.partner_id JOIN participants m ON m.id = p.participant_id
          LEFT JOIN users u ON u.id = c.allocated_worker_id WHERE c.id = ${id}::uuid`,
    );
    if (!partnerCase) {
      return reply.code(404).send('Not found');
    }
    const org = String(partnerCase.organisation_id);
    const him = String(partnerCase.participant_id);
    const attempts = await rows<Record<string, unknown> & { outcome: string }>(
      db,
      sql`SELECT a.attempted_at, a.method, a.outcome, a.note, a.breaches, a.breach_reason, u.display_name AS recorded_by_name
          FROM partner_contact_attempts a JOIN users u ON u.id = a.recorded_by
          WHERE a.partner_case_id = ${id}::uuid ORDER BY a.attempted_at DESC`,
    );
    const [settings] = await rows<{ partner_not_engaged_attempts: number }>(
      db,
      sql`SELECT partner_not_engaged_attempts FROM organisation_settings WHERE organisation_id = ${org}::uuid`,
    );
    const reached = attempts.findIndex((a) => a.outcome === 'reached');
    const notEngaged = {
      attempts: reached === -1 ? attempts.length : reached,
      required: settings?.partner_not_engaged_attempts ?? 3,
    };
    // His attendance and status as her service may see them, and the last 15 sentences of his events.
    const his = await programmeOf(him);
    const events = await rows(
      db,
      sql`SELECT type, occurred_on, basic_summary FROM participant_events WHERE participant_id = ${him}::uuid
          ORDER BY occurred_on DESC, created_at DESC LIMIT 15`,
    );
    const alerts = await rows(
      db,
      sql`SELECT ev.id, ev.basic_summary, ev.occurred_on FROM participant_events ev
          LEFT JOIN partner_alert_acknowledgements ack ON ack.partner_case_id = ${id}::uuid AND ack.event_id = ev.id
          WHERE ev.participant_id = ${him}::uuid AND ev.type = 'disclosure' AND ack.event_id IS NULL
          ORDER BY ev.occurred_on DESC, ev.created_at DESC LIMIT 100`,
    );
    // The duties to inform her: his duty events from 28 days before her case opened (to its closing),
    // each with how she was told if that is recorded; due a number of days after (calendar days here).
    const duties = await rows(
      db,
      sql`SELECT ev.id, ev.type, ev.basic_summary, ev.created_at,
                 (greatest(ev.created_at::date, pc.opened_on)
                   + coalesce(dd.working_days, CASE WHEN ev.type IN ('suspended', 'dropped_out', 'excluded', 'breached', 'disclosure') THEN 1 ELSE 5 END)) AS due_on,
                 rec.outcome, rec.method, rec.told_at, rec.reason, rec.note, u.display_name AS recorded_by_name
          FROM participant_events ev JOIN partner_cases pc ON pc.id = ${id}::uuid
          LEFT JOIN partner_duty_due_days dd ON dd.organisation_id = ev.organisation_id AND dd.event_type = ev.type
          LEFT JOIN partner_duty_records rec ON rec.partner_case_id = ${id}::uuid AND rec.event_id = ev.id
          LEFT JOIN users u ON u.id = rec.recorded_by
          WHERE ev.participant_id = ${him}::uuid
            AND ev.type IN ('assessment_outcome', 'started', 'missed_session', 'suspended', 'dropped_out', 'excluded',
                            'completed', 'breached', 'disclosure', 'attendance_corrected')
            AND ev.created_at >= (pc.opened_on - 28)::timestamptz
            AND (pc.closed_on IS NULL OR ev.created_at::date <= pc.closed_on)
          ORDER BY (rec.id IS NOT NULL), ev.occurred_on DESC, ev.created_at DESC LIMIT 200`,
    );
    // Support after his programme: his latest end or restart event, the follow-up settings, her closing summary.
    const [ended] = await rows<{
      type: string;
      occurred_on: string;
      basic_summary: string;
      review_due_on: string;
      follow_up_ends_on: string;
    }>(
      db,
      sql`SELECT ev.type, ev.occurred_on, ev.basic_summary,
                 (ev.occurred_on + make_interval(months => coalesce(s.review_months, 3)))::date AS review_due_on,
                 (ev.occurred_on + make_interval(months => coalesce(s.follow_up_months, 6)))::date AS follow_up_ends_on
          FROM participant_events ev LEFT JOIN partner_follow_up_settings s ON s.organisation_id = ev.organisation_id
          WHERE ev.participant_id = ${him}::uuid AND ev.type IN ('completed', 'dropped_out', 'excluded', 'breached', 'started', 'resumed')
          ORDER BY ev.created_at DESC, ev.id DESC LIMIT 1`,
    );
    const followUp = ended && !['started', 'resumed'].includes(ended.type) && partnerCase.status !== 'closed' ? ended : null;
    const [closure] = await rows(
      db,
      sql`SELECT c.outcome, c.safety_at_close, c.feeling_safe, c.onward_referrals, c.summary, c.early_reason, c.closed_at,
                 u.display_name AS closed_by_name
          FROM partner_case_closures c JOIN users u ON u.id = c.closed_by
          WHERE c.partner_case_id = ${id}::uuid ORDER BY c.closed_at DESC LIMIT 1`,
    );
    const [safetyPlan] = await rows(
      db,
      sql`SELECT version, review_on, review_on < current_date AS review_overdue FROM safety_plan_versions
          WHERE partner_case_id = ${id}::uuid ORDER BY version DESC LIMIT 1`,
    );
    const dashes = await rows(
      db,
      sql`SELECT d.id, d.completed_on, d.yes_count, coalesce(d.judgement_level, d.score_level) AS final_level
          FROM dash_assessments d JOIN users u ON u.id = d.completed_by
          WHERE d.partner_case_id = ${id}::uuid ORDER BY d.completed_on DESC, d.created_at DESC`,
    );
    const marac = await rows(
      db,
      sql`SELECT r.id, r.referred_on, r.area, r.criteria, r.status, m.meets_on
          FROM marac_referrals r LEFT JOIN marac_meetings m ON m.id = r.marac_meeting_id
          WHERE r.partner_case_id = ${id}::uuid ORDER BY r.referred_on DESC, r.created_at DESC`,
    );
    const children = await rows(
      db,
      sql`SELECT ch.id, ch.given_name, ch.age_years, ch.date_of_birth, ch.lives_with, ch.protection_status,
                 d.partner_id, d.school, d.notes
          FROM children ch LEFT JOIN child_partner_details d ON d.child_id = ch.id
          WHERE ch.organisation_id = ${org}::uuid AND ch.participant_id = ${him}::uuid
          ORDER BY coalesce(ch.date_of_birth, ch.age_recorded_on - make_interval(years => ch.age_years)), ch.created_at, ch.id`,
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
      notEngaged,
      his,
      events,
      alerts,
      duties,
      followUp,
      closure,
      safetyPlan,
      dash: dashes[0],
      dashCount: dashes.length,
      marac,
      children,
      notes,
    });
  });

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
