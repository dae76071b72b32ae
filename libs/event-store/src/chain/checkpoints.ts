import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalJson } from '../event-hash.js';
import type { JsonValue } from '../event-envelope.js';
import type { ChainLink, EventChain } from './chain-link.js';

export const CHECKPOINT_FORMAT = 'oversight-checkpoint/1';
/** A checkpoint file larger than this is refused unread (one of 100,000 links is about 15 MB). */
const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;
const FILE_NAME = /^checkpoint-(\d{16})\.json$/;

/** One event as a checkpoint signs it: position, stream, revision and its link of the global chain. */
export type CheckpointEntry = [position: number, streamId: string, revision: number, linkHash: string];

/**
 * What the service signs every N events or M minutes and writes outside the database: the chain's
 * link at `position` (which covers every event up to it) and, so that a later check can name what
 * changed, every link since the previous checkpoint with its stream and revision. Together the
 * files give each stream's head at each checkpoint, so a stream removed whole is named too.
 */
export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  position: number;
  linkHash: string;
  /** The previous checkpoint's position (0 for the first): the files form a chain of their own. */
  previousPosition: number;
  /** Events sealed up to `position`, and streams begun up to it. */
  events: number;
  streams: number;
  createdAt: string;
  /** The first 16 hex digits of the SHA-256 of the public key (SPKI, DER) that verifies it. */
  keyId: string;
  entries: CheckpointEntry[];
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 over canonicalJson of the body (every field but this one), base64. */
  signature: string;
}

export const checkpointFileName = (position: number) => `checkpoint-${String(position).padStart(16, '0')}.json`;

export function keyIdOf(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex').slice(0, 16);
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson(body as unknown as JsonValue)), privateKey).toString('base64');
  return { ...body, signature };
}

/** Whether the signature holds for the body as it stands, with this public key alone. */
export function checkpointSignatureHolds(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  const { signature, ...body } = checkpoint;
  if (typeof signature !== 'string') return false;
  return verify(
    null,
    Buffer.from(canonicalJson(body as unknown as JsonValue)),
    publicKey,
    Buffer.from(signature, 'base64'),
  );
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** True when the file did not exist and was made now. */
  created: boolean;
}

/** The Ed25519 signing key in `file` (PKCS#8 PEM), made there (readable by its owner only) when missing. */
export function loadOrCreateSigningKey(file: string): SigningKey {
  if (existsSync(file)) {
    const privateKey = createPrivateKey(readFileSync(file));
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`${file} holds a ${privateKey.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
    return { privateKey, publicKey: createPublicKey(privateKey), created: false };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true });
  writeOnce(file, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  return { privateKey, publicKey, created: true };
}

/** A public key from a PEM file holding it, or the private key it belongs to. */
export function loadPublicKey(file: string): KeyObject {
  const key = createPublicKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds no Ed25519 key`);
  return key;
}

/**
 * Writes a file that must never be overwritten: into a temporary name, flushed, then linked to
 * its name (which fails if the name exists), so a crash leaves no half-written checkpoint.
 */
function writeOnce(file: string, text: string, mode = 0o644): void {
  const temporary = join(dirname(file), `.${process.pid}-${Date.now()}.tmp`);
  const descriptor = openSync(temporary, 'wx', mode);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    linkSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The checkpoint files of a directory, by position. */
export function checkpointFiles(dir: string): { file: string; position: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((found) => found.match !== null)
    .map((found) => ({ file: found.file, position: Number(found.match![1]) }))
    .sort((a, b) => a.position - b.position);
}

/** Reads a checkpoint file, bounded; throws with what is wrong with it. */
export function readCheckpoint(path: string): SignedCheckpoint {
  const size = statSync(path).size;
  if (size > MAX_CHECKPOINT_BYTES) throw new Error(`larger than ${MAX_CHECKPOINT_BYTES} bytes`);
  const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as SignedCheckpoint;
  if (checkpoint?.format !== CHECKPOINT_FORMAT || !Array.isArray(checkpoint.entries))
    throw new Error(`not an ${CHECKPOINT_FORMAT} file`);
  return checkpoint;
}

export interface CheckpointSettings {
  dir: string;
  everyEvents: number;
  everyMinutes: number;
  key: SigningKey;
}

/**
 * Writes the signed checkpoints as the chain grows: one every `everyEvents` links, and one at the
 * head when the last is `everyMinutes` old and links have been sealed since. Files are named by
 * position and written once; on start it resumes after the last file in the directory.
 */
export class CheckpointWriter {
  private last = { position: 0, linkHash: null as string | null, events: 0, streams: 0, at: 0 };
  private pending = 0;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly keyId: string;

  constructor(
    private readonly chain: EventChain,
    private readonly settings: CheckpointSettings,
    private readonly log: (message: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keyId = keyIdOf(settings.key.publicKey);
  }

  /** Resumes after the directory's last checkpoint; then checks the time every minute (or sooner). */
  open(): void {
    mkdirSync(this.settings.dir, { recursive: true });
    const files = checkpointFiles(this.settings.dir);
    const newest = files[files.length - 1];
    if (newest) {
      const checkpoint = readCheckpoint(join(this.settings.dir, newest.file));
      this.last = {
        position: checkpoint.position,
        linkHash: checkpoint.linkHash,
        events: checkpoint.events,
        streams: checkpoint.streams,
        at: Date.parse(checkpoint.createdAt),
      };
    } else {
      this.last.at = this.now().getTime();
    }
    // Unknown until read: the first seal (or tick) looks.
    this.pending = Number.POSITIVE_INFINITY;
    const tick = Math.min(60_000, this.settings.everyMinutes * 60_000);
    this.timer = setInterval(() => void this.writeDue().catch(() => undefined), tick);
    this.timer.unref();
  }

  /** Signs what is sealed and not signed yet (a stopped service leaves its whole chain signed), then stops. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writeDue(true).catch(() => undefined);
  }

  /** The position of the last checkpoint written. */
  get position(): number {
    return this.last.position;
  }

  /** Told of every seal: writes the checkpoints that are due. */
  afterSeal(links: ChainLink[]): Promise<void> {
    this.pending += links.length;
    if (this.pending < this.settings.everyEvents && !this.timeDue()) return Promise.resolve();
    return this.writeDue();
  }

  private timeDue(): boolean {
    return this.now().getTime() - this.last.at >= this.settings.everyMinutes * 60_000;
  }

  /** Writes every full checkpoint, then one for the rest when the time has come. Runs one at a time. */
  writeDue(now = false): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        for (;;) {
          const links = await this.chain.readLinks({ after: this.last.position, maxCount: this.settings.everyEvents });
          this.pending = links.length;
          if (links.length === 0) return;
          if (links.length < this.settings.everyEvents && !now && !this.timeDue()) return;
          this.write(links);
          if (links.length < this.settings.everyEvents) return;
        }
      } catch (error) {
        this.log(
          `A signed checkpoint could not be written (tried again at the next seal): ${(error as Error).message}`,
        );
        throw error;
      }
    });
    return this.writing;
  }

  private write(links: ChainLink[]): void {
    const head = links[links.length - 1]!;
    if (links[0]!.previousLinkHash !== this.last.linkHash)
      throw new Error(`the chain at position ${links[0]!.position} does not follow the last checkpoint's link`);
    const body: CheckpointBody = {
      format: CHECKPOINT_FORMAT,
      position: head.position,
      linkHash: head.linkHash,
      previousPosition: this.last.position,
      events: this.last.events + links.length,
      streams: this.last.streams + links.filter((link) => link.revision === 0).length,
      createdAt: this.now().toISOString(),
      keyId: this.keyId,
      entries: links.map((link) => [link.position, link.streamId, link.revision, link.linkHash]),
    };
    const signed = signCheckpoint(body, this.settings.key.privateKey);
    writeOnce(join(this.settings.dir, checkpointFileName(head.position)), `${JSON.stringify(signed)}\n`);
    this.last = {
      position: body.position,
      linkHash: body.linkHash,
      events: body.events,
      streams: body.streams,
      at: Date.parse(body.createdAt),
    };
  }
}
