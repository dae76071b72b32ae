import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  validateSync,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Type } from 'class-transformer';
import { join } from 'node:path';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A time zone name Intl knows (Europe/London, UTC, ...). Checked here rather than with the domain's
 * isTimeZone as configuration stands apart from the other libraries (.dependency-cruiser.cjs).
 */
@ValidatorConstraint({ name: 'knownTimeZone' })
class KnownTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || value.length === 0) return false;
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'TIME_ZONE must be an IANA time zone name such as Europe/London or UTC';
  }
}

/** The environment as the process receives it: every variable the service reads, and its rules. */
class EnvironmentVariables {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** The event store's owner, for its migrations; the service then works as DATABASE_URL's role (INSERT and SELECT on the events). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_OWNER_URL must be a postgres:// URL' })
  DATABASE_OWNER_URL?: string;

  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_URL must be an esdb:// URL',
  })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'log';

  @IsOptional()
  @IsIn(['inline', 'off'])
  PROJECTOR: 'inline' | 'off' = 'inline';

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  ALLOW_EMBEDDED_STORE: 'true' | 'false' = 'false';

  /** The key-encryption key personal data's keys are wrapped by: base64 of 32 random bytes. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'DATA_KEY_SECRET must be base64 of 32 bytes (openssl rand -base64 32)' })
  DATA_KEY_SECRET?: string;

  /** A file holding DATA_KEY_SECRET (a mounted secret, say). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_KEY_SECRET_FILE?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  DOCS_PUBLIC: 'true' | 'false' = 'false';

  /** How long to wait for a database connection before the request fails (a server down or its pool exhausted). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_CONNECTION_TIMEOUT_MS = 10_000;

  /** The longest one SQL statement of the service may run (0: no limit). The CLI's rebuilds are not limited. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 60_000;

  /** A connection left inside a transaction this long is closed by the server, releasing its locks (0: never). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /** On SIGTERM: stop taking requests, let those in flight finish, and exit within this. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** A projector failing on the same event this long makes /health/ready fail, naming the event. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  PROJECTOR_STUCK_AFTER_MS = 60_000;

  /** Failed authentications from one address within 5 minutes before it is refused for 5 (0: never refused). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  AUTH_FAILURES_ALLOWED = 30;

  /** How long the answer to a request sent with an Idempotency-Key is kept for its retries. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  IDEMPOTENCY_KEEP_HOURS = 24 * 7;

  /** Where signed checkpoints of the global chain are written (write-once storage); the embedded store's default: DATA_DIR/checkpoints. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  CHECKPOINT_DIR?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CHECKPOINT_EVERY_EVENTS = 1_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  CHECKPOINT_EVERY_MINUTES = 10;

  /** The Ed25519 private key (PKCS#8 PEM) checkpoints are signed with; made when missing. Default DATA_DIR/checkpoint-signing-key.pem. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  CHECKPOINT_SIGNING_KEY_FILE?: string;

  /** `json`: one JSON object per line, for a log collector; `text`: for a person at a terminal. */
  @IsOptional()
  @IsIn(['text', 'json'])
  LOG_FORMAT: 'text' | 'json' = 'text';

  /**
   * Child-level records (the recommendation, its actions' wording, comments and evidence) are
   * removed by `oversight retention --apply` this many years after the action closed; unset: no rule.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_CHILD_LEVEL_YEARS?: number;

  /** The zone calendar days are judged in ("overdue", "today", a bare day in asOf/asAt, a quarter): an IANA name. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Validate(KnownTimeZone)
  TIME_ZONE = 'Europe/London';
}

export type StoreKind = 'embedded' | 'postgres' | 'eventstoredb';

/** The service's configuration, validated once at boot. */
export interface AppConfig {
  http: { port: number; host: string };
  /** Where events live. */
  /**
   * ownerUrl: the role the event store's migrations run as (DATABASE_OWNER_URL; unset: DATABASE_URL's).
   * `dataKeySecret`: the key-encryption key (base64 of 32 bytes), from DATA_KEY_SECRET or its file;
   * null: one is made and kept in the data directory (never in production on a server).
   */
  eventStore: {
    kind: StoreKind;
    databaseUrl?: string;
    ownerUrl?: string;
    eventStoreUrl?: string;
    dataKeySecret: string | null;
  };
  /** Where read models live: the PostgreSQL server, or the embedded one. */
  readModels: { databaseUrl?: string };
  dataDir: string;
  poolSize: number;
  logLevel: LogLevel;
  /** `inline`: the service keeps the read models itself; `off`: `oversight project` runs elsewhere. */
  projector: 'inline' | 'off';
  /** The API description (/docs, /docs-json) without a key; by default only to someone signed in or with a key. */
  docsPublic: boolean;
  /** Limits on the service's database connections (PostgreSQL servers; the embedded store has one connection of its own). */
  database: DatabaseTimeouts;
  shutdownTimeoutMs: number;
  projectorStuckAfterMs: number;
  /** Failed authentications per address before it is refused a while; 0: never refused. */
  authFailuresAllowed: number;
  /** Idempotency records older than this are purged (hourly). */
  idempotencyKeepHours: number;
  logFormat: 'text' | 'json';
  /** The IANA zone calendar days are judged in (TIME_ZONE; Europe/London by default). */
  timeZone: string;
  /** Signed checkpoints of the global chain; dir null: none written. */
  checkpoints: CheckpointConfig;
  /** How long child-level records are kept after their action closed (RETENTION_CHILD_LEVEL_YEARS); null: no rule. */
  retention: { childLevelYears: number } | null;
}

export interface CheckpointConfig {
  dir: string | null;
  everyEvents: number;
  everyMinutes: number;
  signingKeyFile: string;
}

export interface DatabaseTimeouts {
  connectionTimeoutMs: number;
  /** 0: no limit. */
  statementTimeoutMs: number;
  /** 0: no limit. */
  idleInTransactionTimeoutMs: number;
}

/** A bad or missing value: the message names every variable at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty variables count as unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (error) =>
          `${error.property}=${JSON.stringify(present[error.property])}: ${Object.values(error.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const kind: StoreKind = vars.EVENTSTORE_URL ? 'eventstoredb' : vars.DATABASE_URL ? 'postgres' : 'embedded';
  // A production deployment that forgot its database would otherwise keep a council's records in a
  // one-process store with fsync off, and say so only in a warning nobody reads.
  if (kind === 'embedded' && vars.NODE_ENV === 'production' && vars.ALLOW_EMBEDDED_STORE !== 'true') {
    throw new ConfigError([
      'NODE_ENV=production with neither DATABASE_URL nor EVENTSTORE_URL: the embedded store is for trying the product and for tests, not for records that matter. Set DATABASE_URL (or ALLOW_EMBEDDED_STORE=true to run on it anyway)',
    ]);
  }
  if (vars.DATABASE_OWNER_URL && kind !== 'postgres')
    throw new ConfigError([
      'DATABASE_OWNER_URL is for a PostgreSQL server: set DATABASE_URL to the service role on the same database',
    ]);
  const dataKeySecret = readDataKeySecret(vars);
  // A key kept beside the data is fine for the embedded store, whose data is that directory; a
  // server's data is elsewhere, and a key in one instance's directory is not its peers' key.
  if (!dataKeySecret && kind !== 'embedded' && vars.NODE_ENV === 'production') {
    throw new ConfigError([
      'NODE_ENV=production on a database server without DATA_KEY_SECRET or DATA_KEY_SECRET_FILE: personal data is sealed under that key, which every instance must share. Set one (openssl rand -base64 32)',
    ]);
  }
  return {
    http: { port: vars.PORT, host: vars.HOST },
    eventStore: {
      kind,
      databaseUrl: vars.DATABASE_URL,
      ownerUrl: vars.DATABASE_OWNER_URL,
      eventStoreUrl: vars.EVENTSTORE_URL,
      dataKeySecret,
    },
    readModels: { databaseUrl: vars.DATABASE_URL },
    dataDir: vars.DATA_DIR,
    poolSize: vars.DB_POOL_SIZE,
    logLevel: vars.LOG_LEVEL,
    projector: vars.PROJECTOR,
    docsPublic: vars.DOCS_PUBLIC === 'true',
    database: {
      connectionTimeoutMs: vars.DB_CONNECTION_TIMEOUT_MS,
      statementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: vars.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    projectorStuckAfterMs: vars.PROJECTOR_STUCK_AFTER_MS,
    authFailuresAllowed: vars.AUTH_FAILURES_ALLOWED,
    idempotencyKeepHours: vars.IDEMPOTENCY_KEEP_HOURS,
    logFormat: vars.LOG_FORMAT,
    checkpoints: {
      // On the embedded store beside the data; a server's deployment says where (write-once storage).
      dir: vars.CHECKPOINT_DIR ?? (kind === 'embedded' ? join(vars.DATA_DIR, 'checkpoints') : null),
      everyEvents: vars.CHECKPOINT_EVERY_EVENTS,
      everyMinutes: vars.CHECKPOINT_EVERY_MINUTES,
      signingKeyFile: vars.CHECKPOINT_SIGNING_KEY_FILE ?? join(vars.DATA_DIR, 'checkpoint-signing-key.pem'),
    },
    timeZone: vars.TIME_ZONE,
    retention:
      vars.RETENTION_CHILD_LEVEL_YEARS === undefined ? null : { childLevelYears: vars.RETENTION_CHILD_LEVEL_YEARS },
  };
}

/** DATA_KEY_SECRET, or the contents of DATA_KEY_SECRET_FILE (read bounded), or null when neither is set. */
function readDataKeySecret(vars: EnvironmentVariables): string | null {
  if (vars.DATA_KEY_SECRET && vars.DATA_KEY_SECRET_FILE)
    throw new ConfigError(['DATA_KEY_SECRET and DATA_KEY_SECRET_FILE are both set: set one']);
  if (vars.DATA_KEY_SECRET) return vars.DATA_KEY_SECRET;
  if (!vars.DATA_KEY_SECRET_FILE) return null;
  let text: string;
  try {
    if (statSync(vars.DATA_KEY_SECRET_FILE).size > 1024) throw new Error('larger than 1 KB');
    text = readFileSync(vars.DATA_KEY_SECRET_FILE, 'utf8').trim();
  } catch (error) {
    throw new ConfigError([
      `DATA_KEY_SECRET_FILE=${vars.DATA_KEY_SECRET_FILE}: cannot be read (${(error as Error).message})`,
    ]);
  }
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text))
    throw new ConfigError([`DATA_KEY_SECRET_FILE=${vars.DATA_KEY_SECRET_FILE}: must hold base64 of 32 bytes`]);
  return text;
}
