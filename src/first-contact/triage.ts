// The dashboard's triage: how many of each kind of work are waiting, most urgent first, each linking to exactly those items.
import type { Actor } from '../access/index.js';
import type { WorkScope } from '../access/work-scope.js';
import type { PartnerDutyService } from '../partner-duties/service.js';
import type { AttendanceReviewService } from '../programme/attendance/reviews-service.js';
import type { FirstContactService } from './service.js';

export type TriageCard = {
  /** A stable name for the card (data-qa, tests). */
  key: string;
  label: string;
  total: number;
  totalIsCapped: boolean;
  /** Past its due date: shown first and marked. */
  overdue: boolean;
  /** The list filtered to exactly the items counted. */
  href: string;
};

export type TriageServices = {
  firstContact: FirstContactService;
  partnerDuties: PartnerDutyService;
  attendanceReviews: AttendanceReviewService;
  maracActions: MaracActionCounts;
};

type Count = { total: number; totalIsCapped: boolean } | null;

/**
 * The MARAC actions' counts (src/marac/actions-service.ts), as the dashboard asks them: described
 * here rather than imported, as MARAC's pages read her safe-contact rules from this folder.
 */
export type MaracActionCounts = {
  /** An action is due soon from today to this many days ahead. */
  readonly dueSoonDays: number;
  count(actor: Actor, filters: { scope: WorkScope; due: 'overdue' | 'soon' }): Promise<Count>;
};

/**
 * The counts the user's role may see, in order of urgency: overdue work before work due soon.
 * Each service answers null for a count its policy keeps from the user, and a null is left out
 * altogether: his side is never shown a partner-side count, not even a zero (the Respect
 * standard: nothing about her engagement with the service reaches his side).
 */
export async function triageCards(services: TriageServices, actor: Actor, scope: WorkScope): Promise<TriageCard[]> {
  const q = `scope=${scope}`;
  const candidates: Array<[Omit<TriageCard, 'total' | 'totalIsCapped'>, Count]> = [
    [
      {
        key: 'duties-overdue',
        label: 'Duties to inform a partner, overdue',
        overdue: true,
        href: `/partner-duties?${q}&overdue=1`,
      },
      await services.partnerDuties.count(actor, { scope, overdue: true }),
    ],
    [
      {
        key: 'marac-actions-overdue',
        label: 'MARAC actions, overdue',
        overdue: true,
        href: `/marac/actions?${q}&due=overdue`,
      },
      await services.maracActions.count(actor, { scope, due: 'overdue' }),
    ],
    [
      {
        key: 'partner-first-contact-overdue',
        label: 'First contacts with partners, overdue',
        overdue: true,
        href: `/partner-cases?overdue=first-contact&${q}`,
      },
      await services.firstContact.overdueCount(actor, 'partner', scope),
    ],
    [
      {
        key: 'participant-first-contact-overdue',
        label: 'First contacts with participants, overdue',
        overdue: true,
        href: `/participants?overdue=first-contact&${q}`,
      },
      await services.firstContact.overdueCount(actor, 'participant', scope),
    ],
    [
      {
        key: 'attendance-reviews',
        label: 'Attendance reviews waiting',
        overdue: false,
        href: `/programme/reviews?${q}`,
      },
      await services.attendanceReviews.count(actor, scope),
    ],
    [
      {
        key: 'duties-due',
        label: 'Duties to inform a partner, due soon',
        overdue: false,
        href: `/partner-duties?${q}&overdue=0`,
      },
      await services.partnerDuties.count(actor, { scope, overdue: false }),
    ],
    [
      {
        key: 'marac-actions-due',
        label: `MARAC actions, due in the next ${services.maracActions.dueSoonDays} days`,
        overdue: false,
        href: `/marac/actions?${q}&due=soon`,
      },
      await services.maracActions.count(actor, { scope, due: 'soon' }),
    ],
  ];
  return candidates.flatMap(([card, count]) => (count === null ? [] : [{ ...card, ...count }]));
}
