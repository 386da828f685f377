import { z } from 'zod';

export const ZSignIn = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320, 'Email address must be 320 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
  returnTo: z.string().optional(),
});

export const ZSetPassword = z.object({
  password: z.string().max(1024, 'Password is too long').default(''),
  confirmation: z.string().max(1024, 'Password is too long').default(''),
});

export const ZChangePassword = ZSetPassword.extend({
  current: z.string().min(1, 'Enter your current password').max(1024, 'Password is too long'),
});

/** Only a path on this site: never an absolute or protocol-relative URL (no open redirect). */
export function safeReturnPath(value: string | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  return value;
}
