import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from '../referrals/documents-files.js';
import { formatDate } from '../web/filters.js';
import { pdfText } from './pdf-text.js';
import type { ReportView } from './presenters.js';

/** The sentence the report carries when no partner-side information is in it (or the reader may see none). */
export const NO_PARTNER_INFORMATION = 'None. This report contains information from the perpetrator programme only.';

const MARGIN = 56;
const INK = '#0b0c0c';
const GREY = '#505a5f';

/**
 * The assessment report as PDF for the referrer, structured as the page is: who it is about and
 * for, suitability, risk by domain, findings, recommendations and risk management, and the
 * information from the partner support service with the basis of each piece (or "None").
 * pdfkit's built-in Helvetica: no font files; every string goes through pdfText() first.
 */
export async function renderReportPdf(report: ReportView): Promise<Buffer> {
  // pdfkit is large: loaded for the first report downloaded, not at every start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: 'Assessment report', Author: pdfText(report.organisationName), Creator: 'Parallel' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN * 2;

  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor(INK).text(pdfText(text), { width });
    doc.moveDown(0.3);
  };
  const subheading = (text: string) => {
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(pdfText(text), { width });
  };
  const para = (text: string) => {
    doc.font('Helvetica').fontSize(10.5).fillColor(INK).text(pdfText(text), { width, paragraphGap: 4 });
  };
  const field = (label: string, value: string | null | undefined) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(INK)
      .text(`${pdfText(label)}: `, { width, continued: true })
      .font('Helvetica')
      .text(pdfText(value && value.length > 0 ? value : 'Not recorded'), { paragraphGap: 2 });
  };

  doc.font('Helvetica-Bold').fontSize(11).fillColor(GREY).text(pdfText(report.organisationName), { width });
  doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text('Assessment report', { width });
  doc.font('Helvetica').fontSize(10).fillColor(GREY).text('Confidential: for the recipient named below only', { width });

  heading('About');
  field('Name', report.participant.name);
  field('Date of birth', report.participant.dateOfBirth ? formatDate(report.participant.dateOfBirth) : null);
  field('Reference', report.participant.reference);

  heading('For');
  field('Recipient', `${report.recipient} (${report.recipientKindLabel})`);
  field('Purpose', report.purpose);
  field('Date of report', formatDate(report.writtenAt));
  field('Written by', report.writtenByName);

  heading('Suitability');
  const s = report.suitability;
  if (s) {
    field('Assessed on', formatDate(s.assessedOn));
    field('Outcome', s.outcomeLabel);
    field(
      'Acknowledgement',
      s.acknowledgementNotes ? `${s.acknowledgementLabel}. ${s.acknowledgementNotes}` : s.acknowledgementLabel,
    );
    field('Responsibility', s.responsibilityNotes ? `${s.responsibilityLabel}. ${s.responsibilityNotes}` : s.responsibilityLabel);
    field('Motivation', s.motivationNotes ? `${s.motivationLabel}. ${s.motivationNotes}` : s.motivationLabel);
    field('Reasons', s.reasons);
  } else {
    para('This report does not draw on a suitability assessment.');
  }

  heading('Risk');
  const r = report.risk;
  if (r) {
    field('Risk assessment', `version ${r.version}, ${formatDate(r.assessedOn)}`);
    field('Overall level', r.overallLevelLabel);
    for (const d of r.domains) {
      subheading(`${d.label}: ${d.ratingLabel}`);
      if (d.evidence) {
        para(d.evidence);
      }
    }
    subheading('Summary');
    para(r.summary);
    field('Next review', formatDate(r.reviewOn));
  } else {
    para('This report does not draw on a risk assessment.');
  }

  heading('Findings');
  para(report.findings);

  heading('Recommendations and risk management');
  para(report.recommendations);

  heading('Information from the partner support service');
  if (report.partnerInformation.length === 0) {
    para(NO_PARTNER_INFORMATION);
  } else {
    for (const piece of report.partnerInformation) {
      para(piece.information);
      doc
        .font('Helvetica-Oblique')
        .fontSize(9.5)
        .fillColor(GREY)
        .text(pdfText(`${piece.sentence}. Share recorded by ${piece.sharedByName}.`), { width, paragraphGap: 8 });
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(GREY)
      .text(
        `Assessment report: ${pdfText(report.participant.reference)}. Page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - 36,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** A neutral file name: his reference and the report's date, nothing else. */
export function reportFileName(report: ReportView): string {
  const reference = report.participant.reference.replace(/[^A-Za-z0-9-]/g, '');
  return `assessment-report-${reference}-${report.writtenAt.slice(0, 10)}.pdf`;
}

/** Sends the PDF to be saved, never shown in the app's origin nor kept in a cache. */
export function sendReportPdf(reply: FastifyReply, fileName: string, bytes: Buffer): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', attachmentDisposition(fileName))
    .header('content-length', String(bytes.length))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(bytes);
}
