import { createHash } from 'node:crypto';
import type { DocumentContentType } from '../db/schema.js';

/** The kinds of file a referral document may be, by what the bytes are (not what the name says). */
export const DOCUMENT_TYPES: Record<DocumentContentType, { extensions: readonly string[]; label: string }> = {
  'application/pdf': { extensions: ['pdf'], label: 'PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], label: 'Word document' },
  'image/png': { extensions: ['png'], label: 'PNG image' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
};

export const ACCEPTED_EXTENSIONS = Object.values(DOCUMENT_TYPES).flatMap((t) => t.extensions.map((e) => `.${e}`));
const ALLOWED_FORMATS = 'a PDF, a Word document (.docx), a PNG or a JPEG';

/** Why an upload could not be read as one file: said next to the file field. */
export type UploadProblem = 'too_large' | 'more_than_one_file' | 'unreadable';

/** A file as it arrived in a multipart request, before any check. */
export class ReceivedFile {
  constructor(
    /** The name the browser sent, which may be a whole path ("C:\fakepath\letter.pdf"). */
    readonly sentName: string,
    /** The browser's content type: a claim, checked against the bytes, never stored. */
    readonly declaredType: string,
    /** Null when the file was larger than the limit (its bytes were not kept). */
    readonly bytes: Buffer | null,
  ) {}
}

declare const checked: unique symbol;
/** A file whose type was found from its bytes and allowed, with a safe name: the only kind stored. */
export type CheckedDocumentFile = {
  readonly [checked]: true;
  readonly fileName: string;
  readonly contentType: DocumentContentType;
  readonly bytes: Buffer;
  readonly sha256: string;
};

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Size for people: "820 KB", "2.4 MB". */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} bytes`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Characters that have no place in a file name: control characters and the bidi overrides that make "exe.pdf" read as "fdp.exe". */
const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const MAX_NAME_LENGTH = 200;

/** The last part of the sent name, without control characters, trimmed to a length every file system takes. */
export function safeFileName(sentName: string): string {
  const base = sentName.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(UNSAFE_NAME_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  const withoutLeadingDots = cleaned.replace(/^[.\s]+/, '');
  if ([...withoutLeadingDots].length <= MAX_NAME_LENGTH) {
    return withoutLeadingDots;
  }
  const extension = extensionOf(withoutLeadingDots);
  const keep = MAX_NAME_LENGTH - (extension ? extension.length + 1 : 0);
  const stem = [...withoutLeadingDots.slice(0, withoutLeadingDots.length - (extension ? extension.length + 1 : 0))]
    .slice(0, keep)
    .join('')
    .trimEnd();
  return extension ? `${stem}.${extension}` : stem;
}

/** "letter.PDF" -> "pdf"; a name without a short final part after a dot has none. */
export function extensionOf(fileName: string): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return match?.[1] ? match[1].toLowerCase() : null;
}

function fileError(message: string): { file: string } {
  return { file: message };
}

/**
 * Checks a received file: there is one, it is not empty or too large, its bytes are a PDF, DOCX,
 * PNG or JPEG (found by their signature, so a renamed program is refused whatever it is called),
 * and neither its name nor the browser's claim says it is another of those. Returns field errors
 * (keyed `file`) or the checked file.
 */
export async function checkDocumentFile(
  received: ReceivedFile | null,
  problem: UploadProblem | null,
  maxBytes: number,
): Promise<{ file: CheckedDocumentFile } | { errors: { file: string } }> {
  if (problem === 'too_large' || (received && received.bytes === null)) {
    return { errors: fileError(`The selected file must be smaller than ${megabytes(maxBytes)}`) };
  }
  if (problem === 'more_than_one_file') {
    return { errors: fileError('Select one file at a time') };
  }
  if (problem === 'unreadable') {
    return { errors: fileError('The file could not be read. Select it again') };
  }
  const bytes = received?.bytes;
  const fileName = safeFileName(received?.sentName ?? '');
  if (!received || !bytes || (bytes.length === 0 && fileName === '')) {
    return { errors: fileError('Select a file to attach') };
  }
  if (bytes.length === 0) {
    return { errors: fileError('The selected file is empty') };
  }
  // file-type's signatures are loaded on the first upload, not at every start.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(bytes);
  const contentType = detected?.mime as DocumentContentType | undefined;
  const allowed = contentType ? DOCUMENT_TYPES[contentType] : undefined;
  if (!contentType || !allowed) {
    return { errors: fileError(`The selected file must be ${ALLOWED_FORMATS}`) };
  }
  const extension = extensionOf(fileName);
  const named = extension ? typeOfExtension(extension) : null;
  if (extension && !named) {
    return { errors: fileError(`The selected file must be ${ALLOWED_FORMATS}. Its name ends in .${extension}`) };
  }
  if (named && named !== contentType) {
    return {
      errors: fileError(
        `The file’s name ends in .${extension} but it is a ${allowed.label}. Check you selected the right file, or correct its name`,
      ),
    };
  }
  const claimed = normaliseDeclaredType(received.declaredType);
  if (claimed && claimed !== contentType) {
    return {
      errors: fileError(
        `The file was sent as a ${DOCUMENT_TYPES[claimed].label} but it is a ${allowed.label}. Check you selected the right file`,
      ),
    };
  }
  const safeName = extension ? fileName : `${fileName || 'document'}.${allowed.extensions[0] ?? 'bin'}`;
  return {
    file: {
      fileName: safeName,
      contentType,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    } as CheckedDocumentFile,
  };
}

function typeOfExtension(extension: string): DocumentContentType | null {
  for (const [type, { extensions }] of Object.entries(DOCUMENT_TYPES) as Array<
    [DocumentContentType, { extensions: readonly string[] }]
  >) {
    if (extensions.includes(extension)) {
      return type;
    }
  }
  return null;
}

/** The browser's claim, when it names one of the allowed types (older spellings included); otherwise no claim. */
function normaliseDeclaredType(declared: string): DocumentContentType | null {
  const type = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  const aliases: Record<string, DocumentContentType> = {
    'image/jpg': 'image/jpeg',
    'image/pjpeg': 'image/jpeg',
    'application/x-pdf': 'application/pdf',
  };
  if (type in DOCUMENT_TYPES) {
    return type as DocumentContentType;
  }
  return aliases[type] ?? null;
}

/**
 * A Content-Disposition that makes every browser save the file rather than show it, with the name
 * in plain ASCII for old clients and exactly (RFC 5987/6266) for the rest.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** True when the bytes are still the ones stored: a document is never handed out changed. */
export function matchesFingerprint(bytes: Uint8Array, sha256: string): boolean {
  return createHash('sha256').update(bytes).digest('hex') === sha256;
}
