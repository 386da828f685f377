/** Every kind of audit entry, by name. A new kind of event is added here first. */
export const AUDIT_ACTIONS = [
  'system.organisation_created',
  'identity.signed_in',
  'identity.sign_in_failed',
  'identity.account_locked',
  'identity.signed_out',
  'identity.invitation_accepted',
  'identity.password_changed',
  'admin.user_invited',
  'admin.user_updated',
  'admin.user_deactivated',
  'admin.user_reactivated',
  'admin.user_reset',
  'admin.team_created',
  'admin.team_membership_added',
  'admin.team_membership_removed',
  'participant.created',
  'participant.updated',
  'participant.viewed',
  'participant.note_added',
  'partner_case.created',
  'partner_case.updated',
  'partner_case.viewed',
  'partner_case.listed',
  'partner_case.note_added',
  'share.recorded',
  'share.listed',
  'audit.searched',
  'intake.known_person_search',
  'intake.participants_merged',
  'intake.partners_merged',
  'referral.created',
  'referral.viewed',
  'referral.status_changed',
  'referral.submitted_online',
  'admin.public_referral_address_set',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What each kind of entry means, in the words the data-protection officer reads. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'system.organisation_created': 'Organisation created',
  'identity.signed_in': 'Signed in',
  'identity.sign_in_failed': 'Sign-in failed',
  'identity.account_locked': 'Account locked after failed sign-ins',
  'identity.signed_out': 'Signed out',
  'identity.invitation_accepted': 'Set a password from a sign-in link',
  'identity.password_changed': 'Changed their password',
  'admin.user_invited': 'Invited a user',
  'admin.user_updated': 'Changed a user',
  'admin.user_deactivated': 'Deactivated a user',
  'admin.user_reactivated': 'Reactivated a user',
  'admin.user_reset': 'Reset a user’s account',
  'admin.team_created': 'Created a team',
  'admin.team_membership_added': 'Added a user to a team',
  'admin.team_membership_removed': 'Removed a user from a team',
  'participant.created': 'Added a participant',
  'participant.updated': 'Changed a participant',
  'participant.viewed': 'Viewed a participant',
  'participant.note_added': 'Added a case note',
  'partner_case.created': 'Opened a partner case',
  'partner_case.updated': 'Changed a partner case',
  'partner_case.viewed': 'Viewed a partner case',
  'partner_case.listed': 'Viewed a list of partner cases',
  'partner_case.note_added': 'Added a support note',
  'share.recorded': 'Recorded a share',
  'share.listed': 'Viewed the shares of a case',
  'audit.searched': 'Searched the audit log',
  'intake.known_person_search': 'Checked for known people',
  'intake.participants_merged': 'Merged two participant records',
  'intake.partners_merged': 'Merged two partner records',
  'referral.created': 'Recorded a referral',
  'referral.viewed': 'Viewed a referral',
  'referral.status_changed': 'Changed a referral’s triage status',
  'referral.submitted_online': 'A referral came in through the public form (no user signed in)',
  'admin.public_referral_address_set': 'Set the public referral form’s address',
};

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

/** Every kind of record an audit entry can be about. */
export const AUDIT_RECORD_TYPES = [
  'organisation',
  'user',
  'team',
  'participant',
  'partner_case',
  'share',
  'audit',
  'referral',
] as const;

export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];
