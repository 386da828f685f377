import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import { rows, type IdParams } from './floor-sql.js';

/* The floor's (bench/floor.ts) two case pages: his, with his programme as Parallel counts it, and hers. */

/** Adds his case page and her case page to the floor app, as management sees them. */
export function registerFloorCasePages(app: FastifyInstance, db: Db): void {
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
}
