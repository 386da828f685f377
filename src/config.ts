import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Environment read once, validated, and frozen. Nothing else reads process.env. */
const ZEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  // Left unset, no proxy is trusted; production asks for it to be said (see productionProblems).
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(
      (v) => v === 'true' || v === 'false' || v.split(',').every((a) => isAddressOrRange(a.trim())),
      'TRUST_PROXY must be true, false, or the addresses of the proxies in front of Parallel (comma-separated, CIDR ranges allowed)',
    )
    .optional(),
  // How long a stop (SIGTERM, SIGINT) waits for requests under way before closing their connections.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(600).default(25),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  PUBLIC_REFERRAL_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  PUBLIC_REFERRAL_STEP_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(600),
  INVITATION_VALID_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  ORGANISATION_NAME: z.string().min(1).max(200).default('Parallel'),
  WORKING_DAYS_REGION: z.enum(['ENG', 'WLS', 'SCT', 'NIR']).default('ENG'),
  // Documents are held in memory while checked and stored in the database: keep them modest.
  MAX_DOCUMENT_MB: z.coerce.number().int().min(1).max(100).default(10),
  // Where the signed checkpoint of the audit log's end is written (default: DATA_DIR/audit-checkpoint.json),
  // and the key that signs it (default: a key file made at first start in DATA_DIR, readable by its owner only).
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'AUDIT_CHECKPOINT_KEY must be at least 32 characters').optional(),
  // Off only while templates are being edited (`npm run dev`): recompiling every page costs time.
  TEMPLATE_CACHE: z.enum(['on', 'off']).default('on'),
});

export type Config = {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly logLevel: string;
  /** `Secure` cookies: always in production; 'auto' elsewhere follows the request's protocol. */
  readonly cookieSecure: 'auto' | boolean;
  /** Whose X-Forwarded-* headers are believed: no proxy, any, or the proxies at these addresses. */
  readonly trustProxy: boolean | string[];
  /** How long a stop waits for requests under way before closing their connections. */
  readonly shutdownGraceSeconds: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly loginMaxFailures: number;
  readonly loginLockoutMinutes: number;
  readonly loginRateLimitPerMinute: number;
  /** Referrals that may be sent through the public form from one address in an hour. */
  readonly publicReferralRateLimitPerHour: number;
  /** Posts to the public form's pages (every step, Back, Change, Send) allowed from one address in an hour. */
  readonly publicReferralStepRateLimitPerHour: number;
  readonly invitationValidHours: number;
  readonly organisationName: string;
  /** Whose bank holidays are not working days for the first-contact clocks. */
  readonly workingDaysRegion: 'ENG' | 'WLS' | 'SCT' | 'NIR';
  /** The largest document that may be attached to a referral, in megabytes (MiB). */
  readonly maxDocumentMb: number;
  /** Compiled page templates are kept (on), or read again for every page while editing them (off). */
  readonly templateCache: boolean;
  /** The signed checkpoint of the audit log's end, outside the database. */
  readonly auditCheckpointFile: string;
  /** The checkpoint's signing key when given in the environment; otherwise `auditCheckpointKeyFile` holds it. */
  readonly auditCheckpointKey: string | undefined;
  readonly auditCheckpointKeyFile: string;
};

export class ConfigError extends Error {}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = ZEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    const problems = productionProblems(e);
    if (problems.length > 0) {
      throw new ConfigError(
        `Parallel will not start in production (NODE_ENV=production) until this is put right:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.NODE_ENV === 'production' || e.COOKIE_SECURE === 'true' ? true : e.COOKIE_SECURE === 'auto' ? 'auto' : false,
    trustProxy: proxyTrust(e.TRUST_PROXY),
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    publicReferralRateLimitPerHour: e.PUBLIC_REFERRAL_RATE_LIMIT_PER_HOUR,
    publicReferralStepRateLimitPerHour: e.PUBLIC_REFERRAL_STEP_RATE_LIMIT_PER_HOUR,
    invitationValidHours: e.INVITATION_VALID_HOURS,
    organisationName: e.ORGANISATION_NAME,
    workingDaysRegion: e.WORKING_DAYS_REGION,
    maxDocumentMb: e.MAX_DOCUMENT_MB,
    templateCache: e.TEMPLATE_CACHE === 'on',
    auditCheckpointFile: path.resolve(e.AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoint.json')),
    auditCheckpointKey: e.AUDIT_CHECKPOINT_KEY,
    auditCheckpointKeyFile: path.join(dataDir, 'audit-checkpoint.key'),
  });
}

type Environment = z.infer<typeof ZEnvironment>;

/**
 * What a production start refuses: Parallel serves plain HTTP and is reached through a proxy that
 * holds the certificate, so its public address is https, its cookies are sent only over HTTPS,
 * and it must be told whether to believe the proxy's X-Forwarded-For (the visitor's address, used
 * by the sign-in limits and written to the audit log). The cookie-signing secret is not
 * configured: it is made at random on the first start and kept in the database.
 */
function productionProblems(e: Environment): string[] {
  const problems: string[] = [];
  if (!e.PUBLIC_URL) {
    problems.push('PUBLIC_URL is not set: set it to the https address people use, for example https://parallel.example.org');
  } else if (!e.PUBLIC_URL.startsWith('https://')) {
    problems.push(
      `PUBLIC_URL (${e.PUBLIC_URL}) is not an https address: sign-in cookies and one-time links must travel encrypted. ` +
        'Put Parallel behind a proxy that holds a certificate and give its https address',
    );
  }
  if (e.COOKIE_SECURE === 'false') {
    problems.push('COOKIE_SECURE=false would send session cookies over plain HTTP: remove it (production cookies are Secure)');
  }
  if (e.TRUST_PROXY === undefined) {
    problems.push(
      'TRUST_PROXY is not set: behind the https proxy, set TRUST_PROXY=true (or the proxy addresses) so that' +
        ' sign-in limits and the audit log see the visitor and not the proxy; set TRUST_PROXY=false ' +
        'only if the proxy does not send X-Forwarded-For',
    );
  }
  return problems;
}

function proxyTrust(value: string | undefined): boolean | string[] {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  return value.split(',').map((address) => address.trim());
}

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length. */
function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, extra] = text.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) {
    return false;
  }
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** A configuration for tests: in-memory defaults, overridable. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides });
}
