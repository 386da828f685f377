import type { Actor } from '../access/index.js';
import type { Db } from '../db/database.js';
import type { DocumentVisibility, ReferralDocumentKind } from '../db/schema.js';
import { ReferralService } from './service.js';
import { ZReferralInput } from './schemas.js';
import { ReceivedFile, checkDocumentFile } from './documents-files.js';
import { ReferralDocumentService } from './documents-service.js';

/** A one-page PDF with a few lines of text that any viewer opens (for the demo: invented content only). */
export function demoPdf(lines: string[]): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines.map((line, i) => `BT /F1 12 Tf 72 ${760 - i * 18} Td (${escape(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * The demo's referral received by letter from children's services, with its letter (both sides)
 * and a police report naming his partner, filed by the facilitator for partner support and
 * management only: the facilitator sees one document, the partner worker and manager both.
 */
export async function addDemoReferralWithDocuments(db: Db, users: { manager: Actor; facilitator: Actor }): Promise<string> {
  const origin = { ip: null };
  const referrals = new ReferralService(db);
  const documents = new ReferralDocumentService(db, 10 * 1024 * 1024);
  const referralId = await referrals.create(
    users.manager,
    ZReferralInput.parse({
      givenName: 'Gary',
      familyName: 'Walsh',
      gender: 'man',
      channel: 'letter',
      source: 'agency',
      agencyType: 'childrens_services',
      referrerName: 'Mina Clarke',
      referrerOrganisation: 'Northbridge children’s services',
      referrerPhone: '01632 960555',
      reason: 'Two children on a child in need plan after police call-outs to the family home.',
      mandated: false,
      childProtectionContext: 'Child in need plan',
      area: 'Northbridge',
      relationshipContext: 'heterosexual',
    }),
    origin,
  );
  const attach = async (
    actor: Actor,
    name: string,
    lines: string[],
    fields: { kind: ReferralDocumentKind; visibility: DocumentVisibility; description: string },
  ) => {
    const checked = await checkDocumentFile(new ReceivedFile(name, 'application/pdf', demoPdf(lines)), null, documents.maxBytes);
    if ('errors' in checked) {
      throw new Error(`Demo document ${name} was refused: ${checked.errors.file}`);
    }
    await documents.attach(actor, referralId, { ...fields, file: checked.file }, origin);
  };
  await attach(
    users.manager,
    'Referral letter from children’s services.pdf',
    [
      "Northbridge children's services (demo document, invented)",
      'Referral of Gary Walsh to the programme.',
      'Children on a child in need plan.',
    ],
    { kind: 'referral_letter', visibility: 'both_sides', description: 'Received by post' },
  );
  await attach(
    users.facilitator,
    'Police call-out summary.pdf',
    ['Northbridge police (demo document, invented)', 'Call-out to the home of Kerry Walsh, 9 Heron Way, Northbridge NB2 9HW.'],
    { kind: 'police_report', visibility: 'partner_side', description: 'Names his partner and her address' },
  );
  return referralId;
}
