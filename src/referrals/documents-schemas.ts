import { z } from 'zod';
import type { DocumentVisibility, ReferralDocumentKind } from '../db/schema.js';
import { InvalidInputError, type FieldErrors } from '../errors.js';
import { ZOptionalText } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { checkDocumentFile, type CheckedDocumentFile, type ReceivedFile, type UploadProblem } from './documents-files.js';

export const DOCUMENT_KINDS = [
  'referral_letter',
  'court_order',
  'childrens_services_report',
  'police_report',
  'probation_report',
  'risk_assessment',
  'other',
] as const satisfies readonly ReferralDocumentKind[];

export const DOCUMENT_KIND_LABELS: Record<ReferralDocumentKind, string> = {
  referral_letter: 'Referral letter or form',
  court_order: 'Court order',
  childrens_services_report: 'Children’s services report or plan',
  police_report: 'Police report or call-out record',
  probation_report: 'Probation report',
  risk_assessment: 'Risk assessment',
  other: 'Other document',
};

export const VISIBILITIES = ['partner_side', 'both_sides'] as const satisfies readonly DocumentVisibility[];

/** The choice made at upload, in the words on the form. */
export const VISIBILITY_LABELS: Record<DocumentVisibility, string> = {
  partner_side: 'Partner support and management only',
  both_sides: 'Both sides',
};

/** What is attached with the file. Which side may read it has no default: it is a decision. */
export const ZDocumentInput = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: 'Select what the document is' }),
  visibility: z.enum(VISIBILITIES, { error: 'Select who may see the document' }),
  description: ZOptionalText(500, 'The description'),
});

export type TDocumentInput = z.output<typeof ZDocumentInput> & { file: CheckedDocumentFile };

/** The form's text fields as sent, to check and to show again after an error. */
export function documentFormValues(body: unknown): Record<string, string> {
  const form = (body ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const key of ['kind', 'visibility', 'description'] as const) {
    const value = form[key];
    if (typeof value === 'string') {
      values[key] = value;
    }
  }
  return values;
}

/**
 * Parses the fields and checks the file together, so every problem is shown at once: one 400
 * with a message for each field, or the input to store.
 */
export async function parseDocumentUpload(
  values: Record<string, string>,
  upload: { file: ReceivedFile | null; problem: UploadProblem | null },
  maxBytes: number,
): Promise<TDocumentInput> {
  let fields: z.output<typeof ZDocumentInput> | null = null;
  let errors: FieldErrors = {};
  try {
    fields = parseInput(ZDocumentInput, values);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) {
      throw error;
    }
    errors = error.fields;
  }
  const file = await checkDocumentFile(upload.file, upload.problem, maxBytes);
  if (!fields || 'errors' in file) {
    throw new InvalidInputError('Check the highlighted answers', { ...('errors' in file ? file.errors : {}), ...errors });
  }
  return { ...fields, file: file.file };
}
