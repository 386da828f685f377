import { authorize, can, hasSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { COUNT_CAP, cappedTotal } from '../web/pagination.js';
import * as lists from './alert-lists.js';
import * as repo from './alerts-repository.js';
import { presentAlert, type AlertView } from './presenters.js';
import { CHOOSE_PARTNER_CASE, type TAcknowledgeInput } from './schemas.js';

type Origin = { ip: string | null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type AlertSide = 'perpetrator' | 'partner';

/** The sides of alerts a user is told: his side's to his side, hers to hers, both to management. */
function sidesOf(actor: Actor): AlertSide[] {
  const sides: AlertSide[] = [];
  if (can(actor, 'riskPicture.viewHisSide')) {
    sides.push('perpetrator');
  }
  if (can(actor, 'riskPicture.viewHerSide')) {
    sides.push('partner');
  }
  return sides;
}

/** How many alerts a list holds, counted up to COUNT_CAP (src/web/pagination.ts). */
export type AlertCount = { total: number; totalIsCapped: boolean };
export type AlertLists = {
  his: AlertView[] | null;
  hers: AlertView[] | null;
  /** On the dashboard, which shows the first few of each side: how many each side's list holds. */
  counts?: { his: AlertCount | null; hers: AlertCount | null };
};

/** The dashboard shows this many of each side's open alerts and links to the rest. */
export const DASHBOARD_ALERTS = 10;
/** The /risk-alerts page and the API: the newest open alerts, up to this many. */
const LIST_ALERTS = 200;

/**
 * Escalation alerts (src/risk/escalation.ts raises them): listed for the side told, acknowledged
 * by a worker of that side. A partner-side alert answers "not found" to his side (row-level
 * security hides the row as well); reading hers is audited.
 */
export class RiskAlertService {
  constructor(private readonly db: Db) {}

  private async load(
    trx: Trx,
    actor: Actor,
    side: AlertSide,
    filter: lists.AlertFilter,
    limit = LIST_ALERTS,
  ): Promise<AlertView[]> {
    if (side === 'perpetrator') {
      return (await lists.listHisSideAlerts(trx, actor.organisationId, filter, limit)).map((row) => presentAlert(row, undefined));
    }
    // One item per (alert, her case): an alert about him from his disclosure is told to each of his partners' open cases.
    const rows = await lists.listHerSideAlerts(trx, actor.organisationId, filter, limit);
    const names = await repo.partnerCaseNames(trx, [...new Set(rows.flatMap((r) => (r.partnerCaseId ? [r.partnerCaseId] : [])))]);
    return rows.map((row) => presentAlert(row, row.partnerCaseId ? names.get(row.partnerCaseId) : undefined));
  }

  private async lists(actor: Actor, origin: Origin, mine: boolean): Promise<AlertLists> {
    const sides = sidesOf(actor);
    return withActor(this.db, actor, async (trx) => {
      // Management sees every case's alerts; a worker's dashboard shows the men and women they work with.
      const workerId = mine && !hasSide(actor, 'management') ? actor.userId : undefined;
      const filter = { openOnly: true, workerId };
      // The dashboard shows the first few of each side and counts the rest, up to a cap.
      const limit = mine ? DASHBOARD_ALERTS : LIST_ALERTS;
      const his = sides.includes('perpetrator') ? await this.load(trx, actor, 'perpetrator', filter, limit) : null;
      const hers = sides.includes('partner') ? await this.load(trx, actor, 'partner', filter, limit) : null;
      const count = async (side: AlertSide, shown: AlertView[] | null): Promise<AlertCount | null> =>
        shown === null ? null : cappedTotal(await lists.countAlerts(trx, actor.organisationId, side, filter, COUNT_CAP + 1));
      const counts = mine ? { his: await count('perpetrator', his), hers: await count('partner', hers) } : undefined;
      const ids = [...new Set([...(his ?? []), ...(hers ?? [])].map((a) => a.id))];
      if (ids.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'risk_alert.viewed',
          { type: 'risk_alert' },
          {
            alertIds: ids,
            partnerCaseIds: [...new Set((hers ?? []).flatMap((a) => (a.partnerCase ? [a.partnerCase.id] : [])))],
          },
        );
      }
      return counts ? { his, hers, counts } : { his, hers };
    });
  }

  /** Open alerts of the user's side(s): the /risk-alerts page and the API. */
  async open(actor: Actor, origin: Origin): Promise<AlertLists> {
    authorize(actor, 'riskAlert.view');
    return this.lists(actor, origin, false);
  }

  /** The dashboard's section: the user's own men and women (everything for management); null for anyone else. */
  async dashboard(actor: Actor, origin: Origin): Promise<AlertLists | null> {
    if (!can(actor, 'riskAlert.view')) {
      return null;
    }
    return this.lists(actor, origin, true);
  }

  /**
   * "Mark as dealt with": an alert of the user's own side; anyone else's answers "not found". His
   * side's alerts and her DASH's are dealt with on the alert itself. Her side's alert about him
   * (from his disclosure) is dealt with for the case named, one of his partners' open cases, so
   * one worker's acknowledgement does not hide it from the other partner's worker.
   */
  async acknowledge(actor: Actor, alertId: string, input: TAcknowledgeInput, origin: Origin): Promise<void> {
    authorize(actor, 'riskAlert.acknowledge');
    await withActor(this.db, actor, async (trx) => {
      const alert = UUID.test(alertId) ? await repo.findAlert(trx, alertId) : undefined;
      if (!alert || alert.organisationId !== actor.organisationId || !sidesOf(actor).includes(alert.side)) {
        throw new NotFoundError();
      }
      const partnerCaseId = await this.caseToAcknowledge(trx, alert, input);
      const done = partnerCaseId
        ? await repo.acknowledgeAlertForCase(trx, {
            alertId: alert.id,
            partnerCaseId,
            organisationId: alert.organisationId,
            userId: actor.userId,
          })
        : await repo.acknowledgeAlert(trx, alert.id, actor.userId);
      if (done) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'risk_alert.acknowledged',
          { type: 'risk_alert', id: alert.id },
          partnerCaseId ? { side: alert.side, partnerCaseId } : { side: alert.side },
        );
      }
    });
  }

  /** The case a participant-wide alert is dealt with for (null: the alert's own row); 400 when it is not one told. */
  private async caseToAcknowledge(trx: Trx, alert: repo.FoundAlert, input: TAcknowledgeInput): Promise<string | null> {
    const invalid = () => new InvalidInputError('Check the highlighted answers', { partnerCaseId: CHOOSE_PARTNER_CASE });
    if (alert.side === 'perpetrator' || alert.partnerCaseId) {
      // His side's alert names no case; her DASH's is about its own case only.
      if (input.partnerCaseId && input.partnerCaseId !== alert.partnerCaseId) {
        throw invalid();
      }
      return null;
    }
    const told = await repo.openPartnerCaseIdsOf(trx, alert.organisationId, alert.participantId);
    if (!input.partnerCaseId || !told.includes(input.partnerCaseId)) {
      throw invalid();
    }
    return input.partnerCaseId;
  }
}
