// Runtime configuration from the environment, validated once at start-up.
import { join, resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  MOTCUA_DATA_DIR: z.string().default('./data'),
  MOTCUA_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MOTCUA_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  MOTCUA_SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  MOTCUA_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  MOTCUA_LOCKOUT_MINUTES: z.coerce.number().min(1).max(24 * 60).default(15),
  MOTCUA_WORKER: z.enum(['true', 'false']).default('true'),
  MOTCUA_SEED: z.enum(['auto', 'never']).default('auto'),
  MOTCUA_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  MOTCUA_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  MOTCUA_UPLOAD_DIR: z.string().optional(),
  MOTCUA_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  MOTCUA_SMTP_URL: z.string().optional(),
  MOTCUA_MAIL_FROM: z.string().default('Một Cửa <no-reply@localhost>'),
  MOTCUA_SMS_URL: z.string().url().optional(),
  MOTCUA_SMS_TOKEN: z.string().optional(),
  MOTCUA_SMS_FIELDS: z.string().regex(/^\w+,\w+$/).default('to,text'),
  MOTCUA_REMINDER_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('07:30'),
  MOTCUA_PUBLIC_URL: z.string().url().optional(),
  MOTCUA_PG_PREPARED: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  secureCookies: 'true' | 'false' | 'auto';
  sessionHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  runWorker: boolean;
  seed: 'auto' | 'never';
  trustProxy: boolean;
  bodyLimitBytes: number;
  /** Where uploaded files are stored: outside the web root, never served directly. */
  uploadDir: string;
  /** Largest accepted uploaded file. */
  uploadMaxBytes: number;
  logLevel: string;
  /** smtp(s)://user:pass@host:port; unset = e-mails go to the log. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The SMS gateway's HTTP endpoint; unset = SMS go to the log. */
  smsUrl: string | undefined;
  smsToken: string | undefined;
  smsFields: [string, string];
  /** Local time (Asia/Ho_Chi_Minh) of the daily reminder on working days. */
  reminderTime: string;
  /**
   * The address citizens reach the site at, without a trailing slash: printed in the QR code of form 01 and in
   * messages. Default http://localhost:<port>, which is only right on a developer's machine.
   */
  publicBaseUrl: string;
  /** Named prepared statements on the busy dossier paths (PostgreSQL); false behind a transaction-mode pooler. */
  pgPrepared: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.MOTCUA_DATA_DIR),
    dbPoolSize: e.MOTCUA_DB_POOL_SIZE,
    secureCookies: e.MOTCUA_SECURE_COOKIES,
    sessionHours: e.MOTCUA_SESSION_HOURS,
    loginMaxFailures: e.MOTCUA_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.MOTCUA_LOCKOUT_MINUTES,
    runWorker: e.MOTCUA_WORKER === 'true',
    seed: e.MOTCUA_SEED,
    trustProxy: e.MOTCUA_TRUST_PROXY === 'true',
    bodyLimitBytes: e.MOTCUA_BODY_LIMIT_BYTES,
    uploadDir: e.MOTCUA_UPLOAD_DIR ? resolve(e.MOTCUA_UPLOAD_DIR) : join(resolve(e.MOTCUA_DATA_DIR), 'uploads'),
    uploadMaxBytes: e.MOTCUA_UPLOAD_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.MOTCUA_SMTP_URL || undefined,
    mailFrom: e.MOTCUA_MAIL_FROM,
    smsUrl: e.MOTCUA_SMS_URL || undefined,
    smsToken: e.MOTCUA_SMS_TOKEN || undefined,
    smsFields: e.MOTCUA_SMS_FIELDS.split(',') as [string, string],
    reminderTime: e.MOTCUA_REMINDER_TIME,
    pgPrepared: e.MOTCUA_PG_PREPARED === 'true',
    publicBaseUrl: (e.MOTCUA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({}), logLevel: 'silent', runWorker: false, ...overrides };
}
