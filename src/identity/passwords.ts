import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';

const require = createRequire(import.meta.url);

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * NCSC: length over complexity, and a deny list of passwords known from breaches (~49,000).
 * The list is large (about 14 MB in memory): it is loaded the first time a password is chosen,
 * not at every start.
 */
let commonPasswordList: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  if (!commonPasswordList) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
    commonPasswordList = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return commonPasswordList;
}

export function passwordProblem(password: string, personal: { email?: string; displayName?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  }
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghijkl)/.test(lower)) {
    return 'Password is too common. Choose a longer phrase that would be hard to guess, such as three random words';
  }
  const emailName = personal.email?.split('@')[0]?.toLowerCase();
  if (emailName && emailName.length >= 4 && lower.includes(emailName)) {
    return 'Password must not contain your email address';
  }
  const nameParts = (personal.displayName ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((part) => part.length >= 4);
  if (nameParts.some((part) => lower.includes(part))) {
    return 'Password must not contain your name';
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when an account does not exist, so that response time does not reveal which emails are known. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that matches no account');
  return decoyHash;
}
