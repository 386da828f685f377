import type { Trx } from '../../db/database.js';
import type { DomainRating, RiskDomain, RiskLevel } from '../../db/schema.js';
import { RISK_DOMAINS } from '../domains.js';
import type { TRiskAssessmentInput } from './schemas.js';

export type DomainRow = { domain: RiskDomain; rating: DomainRating; evidence: string | null };

export type RiskAssessmentRow = {
  id: string;
  participantId: string;
  version: number;
  assessedOn: string;
  overallLevel: RiskLevel;
  summary: string;
  managementPlan: string;
  reviewOn: string;
  createdAt: Date;
  authorName: string;
  domains: DomainRow[];
};

export type RiskAssessmentVersionSummary = {
  id: string;
  version: number;
  assessedOn: string;
  overallLevel: RiskLevel;
  reviewOn: string;
  createdAt: Date;
  authorName: string;
};

/** What other capabilities (the risk picture, reports) read of his latest risk assessment. */
export type LatestRiskAssessment = {
  id: string;
  version: number;
  assessedOn: string;
  overallLevel: RiskLevel;
  reviewOn: string;
  domains: Record<RiskDomain, DomainRating>;
};

const summaries = (trx: Trx) =>
  trx
    .selectFrom('risk_assessments as r')
    .innerJoin('users', 'users.id', 'r.assessed_by')
    .select([
      'r.id',
      'r.version',
      'r.assessed_on as assessedOn',
      'r.overall_level as overallLevel',
      'r.review_on as reviewOn',
      'r.created_at as createdAt',
      'users.display_name as authorName',
    ]);

/** One version's domains, in the order the assessment asks them. */
export async function listRiskAssessmentDomains(trx: Trx, riskAssessmentId: string): Promise<DomainRow[]> {
  const rows = await trx
    .selectFrom('risk_assessment_domains')
    .select(['domain', 'rating', 'evidence'])
    .where('risk_assessment_id', '=', riskAssessmentId)
    .execute();
  const order = (domain: RiskDomain) => RISK_DOMAINS.indexOf(domain as (typeof RISK_DOMAINS)[number]);
  return rows.sort((a, b) => order(a.domain) - order(b.domain));
}

const details = (trx: Trx) =>
  trx
    .selectFrom('risk_assessments as r')
    .innerJoin('users', 'users.id', 'r.assessed_by')
    .select([
      'r.id',
      'r.participant_id as participantId',
      'r.version',
      'r.assessed_on as assessedOn',
      'r.overall_level as overallLevel',
      'r.summary',
      'r.management_plan as managementPlan',
      'r.review_on as reviewOn',
      'r.created_at as createdAt',
      'users.display_name as authorName',
    ]);

async function withDetail(trx: Trx, participantId: string, version: number | 'latest'): Promise<RiskAssessmentRow | undefined> {
  let query = details(trx).where('r.participant_id', '=', participantId);
  query = version === 'latest' ? query.orderBy('r.version', 'desc').limit(1) : query.where('r.version', '=', version);
  const row = await query.executeTakeFirst();
  return row ? { ...row, domains: await listRiskAssessmentDomains(trx, row.id) } : undefined;
}

/** His newest risk assessment, with its domains, or undefined when none has been recorded. */
export async function findCurrentRiskAssessment(trx: Trx, participantId: string): Promise<RiskAssessmentRow | undefined> {
  return withDetail(trx, participantId, 'latest');
}

export async function findRiskAssessmentVersion(
  trx: Trx,
  participantId: string,
  version: number,
): Promise<RiskAssessmentRow | undefined> {
  return withDetail(trx, participantId, version);
}

/** One version by its id, with its domains. Unscoped by organisation on purpose: the caller checks whose it is. */
export async function findRiskAssessment(trx: Trx, id: string): Promise<RiskAssessmentRow | undefined> {
  const row = await details(trx).where('r.id', '=', id).executeTakeFirst();
  return row ? { ...row, domains: await listRiskAssessmentDomains(trx, row.id) } : undefined;
}

/** Every version, newest first, without the findings. */
export async function listRiskAssessmentVersions(trx: Trx, participantId: string): Promise<RiskAssessmentVersionSummary[]> {
  return summaries(trx).where('r.participant_id', '=', participantId).orderBy('r.version', 'desc').execute();
}

/**
 * His latest risk assessment in brief (level, review date, each domain's rating), or null. For
 * other capabilities to read inside their own transaction; the caller has already checked that
 * the viewer may see his assessment ('assessment.view'), and row-level security admits only his
 * side and management.
 */
export async function latestRiskAssessment(trx: Trx, participantId: string): Promise<LatestRiskAssessment | null> {
  const row = await summaries(trx)
    .where('r.participant_id', '=', participantId)
    .orderBy('r.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  const domains = {} as Record<RiskDomain, DomainRating>;
  for (const d of await listRiskAssessmentDomains(trx, row.id)) {
    domains[d.domain] = d.rating;
  }
  return {
    id: row.id,
    version: row.version,
    assessedOn: row.assessedOn,
    overallLevel: row.overallLevel,
    reviewOn: row.reviewOn,
    domains,
  };
}

/**
 * Appends a version numbered one after the newest, with all its domains, in the caller's
 * transaction. His record is locked first so two saves at once are numbered one after the other;
 * should two still collide, the unique (participant, version) index refuses the second, which the
 * service turns into a conflict.
 */
export async function insertRiskAssessmentVersion(
  trx: Trx,
  row: { organisationId: string; participantId: string; assessedBy: string; input: TRiskAssessmentInput },
): Promise<{ id: string; version: number }> {
  await trx.selectFrom('participants').select('id').where('id', '=', row.participantId).forUpdate().execute();
  const latest = await trx
    .selectFrom('risk_assessments')
    .select((eb) => eb.fn.max<number | null>('version').as('latest'))
    .where('participant_id', '=', row.participantId)
    .executeTakeFirst();
  const version = Number(latest?.latest ?? 0) + 1;
  const a = row.input;
  const inserted = await trx
    .insertInto('risk_assessments')
    .values({
      organisation_id: row.organisationId,
      participant_id: row.participantId,
      version,
      assessed_on: a.assessedOn,
      overall_level: a.overallLevel,
      summary: a.summary,
      management_plan: a.managementPlan,
      review_on: a.reviewOn,
      assessed_by: row.assessedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('risk_assessment_domains')
    .values(
      RISK_DOMAINS.map((domain) => ({
        risk_assessment_id: inserted.id,
        organisation_id: row.organisationId,
        domain,
        rating: a.domains[domain].rating,
        evidence: a.domains[domain].evidence,
      })),
    )
    .execute();
  return { id: inserted.id, version };
}
