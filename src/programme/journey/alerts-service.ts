import { authorizePartnerSide, can, hasSide, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import * as repo from './alerts-repository.js';
import { EVENTS_SHOWN, attendanceSummaryOf, type AttendanceSummary } from './progress-service.js';

type Origin = { ip: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A basic alert for her worker: the sentence that may be told to her ("Disclosed physical violence
 * on 20 November 2026"), whose disclosure it was, and which of her cases it is for. Never the
 * detail of what he said (seed 001).
 */
export type AlertView = {
  eventId: string;
  partnerCase: { id: string; reference: string; name: string };
  participant: { id: string; name: string };
  summary: string;
  occurredOn: string;
};

function presentAlert(row: repo.AlertRow): AlertView {
  return {
    eventId: row.eventId,
    partnerCase: {
      id: row.partnerCaseId,
      reference: row.partnerCaseReference,
      name: `${row.partnerGivenName} ${row.partnerFamilyName}`,
    },
    participant: { id: row.participantId, name: `${row.participantGivenName} ${row.participantFamilyName}` },
    summary: row.basicSummary,
    occurredOn: row.occurredOn,
  };
}

/** What her case page shows of the programme: his attendance and status, and the alerts not yet seen. */
export type PartnerCaseProgramme = { alerts: AlertView[]; his: AttendanceSummary };

/**
 * The partner side's alerts (src/programme/journey/alerts-repository.ts derives them) and the programme
 * panel of her case page. Reading them is a partner-side read, audited; marking one seen is hers
 * alone: his side never learns whether she was told.
 */
export class PartnerAlertService {
  constructor(private readonly db: Db) {}

  private async audit(trx: Trx, actor: Actor, origin: Origin, alerts: AlertView[], partnerCaseId?: string): Promise<void> {
    if (alerts.length === 0 && !partnerCaseId) {
      return;
    }
    await recordActorEvent(
      trx,
      actor,
      origin,
      'partner_alert.viewed',
      { type: 'partner_case', ...(partnerCaseId && { id: partnerCaseId }) },
      {
        partnerCaseIds: [...new Set(alerts.map((a) => a.partnerCase.id))],
        eventIds: alerts.map((a) => a.eventId),
      },
    );
  }

  /** Her worker's alerts for the cases allocated to her; a manager's for every case. Null for anyone else. */
  async dashboard(actor: Actor, origin: Origin): Promise<AlertView[] | null> {
    if (!can(actor, 'partnerAlert.view')) {
      return null;
    }
    return withActor(this.db, actor, async (trx) => {
      const filter = hasSide(actor, 'management') ? {} : { workerId: actor.userId };
      const alerts = (await repo.listUnseenAlerts(trx, actor.organisationId, filter)).map(presentAlert);
      await this.audit(trx, actor, origin, alerts);
      return alerts;
    });
  }

  private async loadCase(
    trx: Trx,
    actor: Actor,
    partnerCaseId: string,
    action: 'partnerAlert.view' | 'partnerAlert.acknowledge',
  ) {
    // Checked before the query too: his side learns nothing, not even that her case exists.
    authorizePartnerSide(actor, action);
    const link = await repo.findPartnerCaseLink(trx, partnerCaseId);
    if (!link) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, link);
    return link;
  }

  async forPartnerCase(actor: Actor, partnerCaseId: string, origin: Origin): Promise<PartnerCaseProgramme> {
    return withActor(this.db, actor, async (trx) => {
      const link = await this.loadCase(trx, actor, partnerCaseId, 'partnerAlert.view');
      const read = await repo.readProgrammeOfCase(
        trx,
        { organisationId: actor.organisationId, partnerCaseId, participantId: link.participantId },
        { alerts: 100, events: EVENTS_SHOWN },
      );
      const alerts = read.alerts.map(presentAlert);
      await this.audit(trx, actor, origin, alerts, partnerCaseId);
      const participant = {
        id: link.participantId,
        name: `${link.participantGivenName} ${link.participantFamilyName}`,
        reference: link.participantReference,
      };
      return { alerts, his: await attendanceSummaryOf(trx, participant, read.enrolments, read.events) };
    });
  }

  /** "Mark as seen": the alert leaves her case's list and her worker's dashboard. */
  async acknowledge(actor: Actor, partnerCaseId: string, eventId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const link = await this.loadCase(trx, actor, partnerCaseId, 'partnerAlert.acknowledge');
      if (!UUID.test(eventId) || !(await repo.findDisclosureEvent(trx, eventId, link.participantId))) {
        throw new InvalidInputError('Select an alert of this case', { eventId: 'Select an alert shown on this case' });
      }
      const added = await repo.acknowledgeAlert(trx, {
        partnerCaseId,
        eventId,
        organisationId: link.organisationId,
        acknowledgedBy: actor.userId,
      });
      if (added) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'partner_alert.acknowledged',
          { type: 'partner_case', id: partnerCaseId },
          {
            eventId,
          },
        );
      }
    });
  }
}
