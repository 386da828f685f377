import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Actor } from '../access/index.js';
import { withActor, type Db } from '../db/database.js';

const require = createRequire(import.meta.url);
const standardFontDataUrl = `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** Every word of a PDF, page after page, with runs of white space made one space (lines wrap anywhere). */
export async function pdfWords(bytes: Buffer | Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

/** The same text as pdfWords() gives it, for comparing what was written with what the PDF holds. */
export const words = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A suitability assessment and a risk assessment (version 1, two domains) of him, written as his side would. */
export async function insertAssessments(
  db: Db,
  actor: Actor,
  participantId: string,
  text: { reasons: string; summary: string; plan: string; evidence: string },
): Promise<{ suitabilityId: string; riskId: string }> {
  return withActor(db, actor, async (trx) => {
    const suitability = await trx
      .insertInto('suitability_assessments')
      .values({
        organisation_id: actor.organisationId,
        participant_id: participantId,
        assessed_on: '2026-11-02',
        acknowledgement: 'partly',
        acknowledgement_notes: 'Accepts he shouted; denies pushing',
        responsibility: 'partly',
        responsibility_notes: null,
        motivation: 'some',
        motivation_notes: 'Wants to keep contact with his daughter',
        outcome: 'group_dapp',
        reasons: text.reasons,
        assessed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const risk = await trx
      .insertInto('risk_assessments')
      .values({
        organisation_id: actor.organisationId,
        participant_id: participantId,
        version: 1,
        assessed_on: '2026-11-09',
        overall_level: 'high',
        summary: text.summary,
        management_plan: text.plan,
        review_on: '2027-02-09',
        assessed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('risk_assessment_domains')
      .values([
        {
          organisation_id: actor.organisationId,
          risk_assessment_id: risk.id,
          domain: 'physical_violence',
          rating: 'high',
          evidence: text.evidence,
        },
        { organisation_id: actor.organisationId, risk_assessment_id: risk.id, domain: 'weapons', rating: 'none', evidence: null },
      ])
      .execute();
    return { suitabilityId: suitability.id, riskId: risk.id };
  });
}

/** A DASH with her, with a comment on one answer and her view of the risk: partner-side secrets. */
export async function insertDash(
  db: Db,
  actor: Actor,
  partnerCaseId: string,
  secrets: { comment: string; view: string },
): Promise<void> {
  await withActor(db, actor, async (trx) => {
    const dash = await trx
      .insertInto('dash_assessments')
      .values({
        organisation_id: actor.organisationId,
        partner_case_id: partnerCaseId,
        completed_on: '2026-11-05',
        safe_to_talk: true,
        safe_contact_checked: true,
        yes_count: 15,
        score_level: 'high',
        her_view_of_risk: secrets.view,
        completed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('dash_answers')
      .values({
        organisation_id: actor.organisationId,
        dash_assessment_id: dash.id,
        question: 1,
        answer: 'yes',
        comment: secrets.comment,
      })
      .execute();
  });
}
