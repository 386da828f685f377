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

  // His case file's overview as management sees it: his details and case with the header band (his
  // latest risk assessment), what needs doing next (open reviews), his programme (enrolments with
  // progress), disclosures (counted on the band's line), her cases linked to him, the latest case notes.
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
    const [risk] = await rows(
      db,
      sql`SELECT r.version, r.assessed_on, r.overall_level, r.review_on, r.review_on < current_date AS review_overdue
          FROM risk_assessments r WHERE r.participant_id = ${id}::uuid ORDER BY r.version DESC LIMIT 1`,
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
      sql`SELECT d.disclosed_on, d.type, d.severity FROM disclosures d
          WHERE d.participant_id = ${id}::uuid ORDER BY d.disclosed_on DESC, d.recorded_at DESC`,
    );
    const partnerCases = await rows(
      db,
      sql`SELECT c.id, p.given_name, p.family_name, p.relationship, c.status, u.display_name AS worker_name
          FROM partners p JOIN partner_cases c ON c.partner_id = p.id LEFT JOIN users u ON u.id = c.allocated_worker_id
          WHERE c.organisation_id = ${org}::uuid AND p.participant_id = ${id}::uuid ORDER BY c.opened_on`,
    );
    const notes = await rows(
      db,
      sql`SELECT n.body, n.created_at, u.display_name AS author_name
          FROM perpetrator_case_notes n JOIN perpetrator_cases c ON c.id = n.perpetrator_case_id
          JOIN users u ON u.id = n.author_id WHERE c.participant_id = ${id}::uuid ORDER BY n.created_at DESC LIMIT 3`,
    );
    return reply.view('his-overview.njk', {
      title: 'Participant',
      participant,
      risk,
      enrolments,
      reviews,
      disclosures,
      partnerCases,
      notes,
    });
  });

  // Her case file's overview as management sees it: her case with the header band (her latest DASH,
  // her safe-contact rules, open alerts and duties), what needs doing next (the duties to inform her,
  // the alerts of his disclosures not yet seen for her case, her next appointment), his programme as
  // her service may see it (attendance, status, his latest events), the latest support notes.
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
    const him = String(partnerCase.participant_id);
    const [dash] = await rows(
      db,
      sql`SELECT d.completed_on, coalesce(d.judgement_level, d.score_level) AS final_level
          FROM dash_assessments d WHERE d.partner_case_id = ${id}::uuid ORDER BY d.completed_on DESC, d.created_at DESC LIMIT 1`,
    );
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
    const duties = await rows<Record<string, unknown> & { outcome: string | null }>(
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
    const [nextAppointment] = await rows(
      db,
      sql`SELECT a.starts_at, a.type, v.name AS venue_name FROM partner_appointments a JOIN venues v ON v.id = a.venue_id
          WHERE a.partner_case_id = ${id}::uuid AND a.status = 'booked' AND a.starts_at >= now() ORDER BY a.starts_at LIMIT 1`,
    );
    const notes = await rows(
      db,
      sql`SELECT n.body, n.created_at, u.display_name AS author_name
          FROM partner_case_notes n JOIN users u ON u.id = n.author_id
          WHERE n.partner_case_id = ${id}::uuid ORDER BY n.created_at DESC LIMIT 3`,
    );
    return reply.view('her-overview.njk', {
      title: 'Partner case',
      partnerCase,
      dash,
      his,
      events,
      alerts,
      duties: duties.filter((d) => d.outcome === null),
      nextAppointment,
      notes,
    });
  });
}
