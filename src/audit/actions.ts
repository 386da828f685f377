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
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Every kind of record an audit entry can be about. */
export const AUDIT_RECORD_TYPES = ['organisation', 'user', 'team', 'participant', 'partner_case', 'share', 'audit'] as const;

export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];
