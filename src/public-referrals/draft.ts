import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROUTES, type PublicRoute } from './labels.js';
import { STEPS, type PageId, type StepId } from './steps.js';

/*
 * Where the answers wait between the pages of the public form.
 *
 * Nothing is stored on the server before the referral is sent, and no answer may enter an address
 * (browser history, proxy logs) or a page title. So the answers travel in the body of each POST,
 * as one hidden field holding them sealed with AES-256-GCM (encrypted and authenticated), rather
 * than as a hidden field per answer:
 *  - it expires: a page left open on a shared device, or posted again from the browser's history
 *    hours later, shows nothing and asks to start again (DRAFT_LIFETIME_MINUTES after the last step);
 *  - the questions pages carry no earlier answer in readable form (only check your answers shows
 *    them, as it must);
 *  - it cannot be altered or carried to another organisation's form (the organisation's id is
 *    authenticated with it), and every answer is still validated again before it is stored.
 * The key is made on first use and kept in the database, so every app instance shares it.
 */
export const DRAFT_LIFETIME_MINUTES = 120;
/** Longer text than any field allows is refused by its step; this only bounds what travels back and forth. */
const MAX_ANSWER_LENGTH = 12_000;

export type Draft = {
  /** Random: spots the same referral sent twice (a double click, or a refresh of the confirmation). */
  id: string;
  route: PublicRoute | null;
  /** The page the person is on: what the next post continues from. */
  at: PageId;
  /** The answers of the steps completed, as typed (text only), by field name. */
  answers: Record<string, string>;
  done: StepId[];
  /** How many partner and child boxes the pages show. */
  slots: { partners: number; children: number };
  /** Came to a step from check your answers, so continuing goes back there. */
  returnToCheck: boolean;
  /** The hidden honeypot field was filled on some page: a robot. */
  honeypot: boolean;
};

const ZDraft = z.object({
  id: z.uuid(),
  route: z.enum(ROUTES).nullable(),
  at: z.enum(['who', ...STEPS, 'check']),
  answers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,40}$/), z.string().max(MAX_ANSWER_LENGTH)),
  done: z.array(z.enum(STEPS)),
  slots: z.object({ partners: z.number().int().min(0).max(20), children: z.number().int().min(0).max(20) }),
  returnToCheck: z.boolean(),
  honeypot: z.boolean(),
});
const ZSealed = z.object({ expires: z.number(), draft: ZDraft });

export function newDraft(): Draft {
  return {
    id: randomUUID(),
    route: null,
    at: 'who',
    answers: {},
    done: [],
    slots: { partners: 0, children: 0 },
    returnToCheck: false,
    honeypot: false,
  };
}

/** Keeps a posted answer only if it is one piece of text, bounded in length. */
export function boundedText(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_ANSWER_LENGTH) : undefined;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DraftSealer {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'parallel', 'public referral answers v1', 32));
  }

  /** The draft as one opaque text for a hidden field, bound to the organisation whose form it is. */
  seal(draft: Draft, organisationId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(organisationId));
    const plain = JSON.stringify({ expires: this.now() + DRAFT_LIFETIME_MINUTES * 60_000, draft });
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The draft, or null if the text was altered, sealed for another organisation, or has expired. */
  open(text: unknown, organisationId: string): Draft | null {
    if (typeof text !== 'string' || text.length < 40 || text.length > 200_000 || !/^[A-Za-z0-9_-]+$/.test(text)) {
      return null;
    }
    const bytes = Buffer.from(text, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(organisationId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      const parsed = ZSealed.safeParse(JSON.parse(plain));
      if (!parsed.success || parsed.data.expires < this.now()) {
        return null;
      }
      return parsed.data.draft;
    } catch {
      return null;
    }
  }
}
