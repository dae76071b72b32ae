import { afterAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkOf, type ChainLink, type EventChain } from './chain-link.js';
import {
  CHECKPOINT_FORMAT,
  CheckpointWriter,
  checkpointFiles,
  checkpointSignatureHolds,
  keyIdOf,
  loadOrCreateSigningKey,
  loadPublicKey,
  publicKeyPem,
  readCheckpoint,
  signCheckpoint,
  type CheckpointBody,
} from './checkpoints.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-checkpoints-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A chain in memory of `count` events over three streams. */
function chainOf(count: number): EventChain & { links: ChainLink[] } {
  const links: ChainLink[] = [];
  const revisions = new Map<string, number>();
  for (let position = 1; position <= count; position += 1) {
    const streamId = `action-${position % 3}`;
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    links.push(
      linkOf(
        { position, streamId, revision, hash: String(position).padStart(64, '0') },
        links.at(-1)?.linkHash ?? null,
      ),
    );
  }
  return {
    links,
    head: async () => links.at(-1) ?? null,
    readLinks: async ({ after, maxCount }) => links.filter((link) => link.position > after).slice(0, maxCount),
    seal: async () => true,
  };
}

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const body: CheckpointBody = {
    format: CHECKPOINT_FORMAT,
    position: 3,
    linkHash: 'f'.repeat(64),
    previousPosition: 0,
    events: 3,
    streams: 1,
    createdAt: '2026-12-04T10:00:00.000Z',
    keyId: keyIdOf(publicKey),
    entries: [[3, 'action-1', 2, 'f'.repeat(64)]],
  };

  it('hold with the public key alone, and not once any field is changed or with another key', () => {
    const signed = signCheckpoint(body, privateKey);
    expect(checkpointSignatureHolds(signed, publicKey)).toBe(true);
    expect(checkpointSignatureHolds({ ...signed, position: 4 }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds({ ...signed, entries: [[3, 'action-1', 1, 'f'.repeat(64)]] }, publicKey)).toBe(
      false,
    );
    expect(checkpointSignatureHolds(signed, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it('a signing key file is made once (owner-only) and read back the same; its public key comes from either file', () => {
    const file = join(tempDir(), 'key.pem');
    const made = loadOrCreateSigningKey(file);
    expect(made.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSigningKey(file);
    expect(again.created).toBe(false);
    expect(publicKeyPem(again.publicKey)).toBe(publicKeyPem(made.publicKey));
    const publicFile = join(tempDir(), 'public.pem');
    writeFileSync(publicFile, publicKeyPem(made.publicKey));
    expect(publicKeyPem(loadPublicKey(publicFile))).toBe(publicKeyPem(made.publicKey));
    expect(publicKeyPem(loadPublicKey(file))).toBe(publicKeyPem(made.publicKey));
  });

  it('are written every N events, each with the links since the last, chained, and never overwritten', async () => {
    const dir = tempDir();
    const chain = chainOf(25);
    const key = loadOrCreateSigningKey(join(tempDir(), 'key.pem'));
    const writer = new CheckpointWriter(chain, { dir, everyEvents: 10, everyMinutes: 10, key }, () => undefined);
    writer.open();
    await writer.afterSeal(chain.links);
    const files = checkpointFiles(dir);
    expect(files.map((found) => found.position)).toEqual([10, 20]);
    const [first, second] = files.map((found) => readCheckpoint(join(dir, found.file)));
    expect(first).toMatchObject({ position: 10, previousPosition: 0, events: 10, linkHash: chain.links[9]!.linkHash });
    expect(second).toMatchObject({
      position: 20,
      previousPosition: 10,
      events: 20,
      linkHash: chain.links[19]!.linkHash,
    });
    // Streams begun: revision 0 of action-1, action-2 and action-0 (position 3).
    expect([first!.streams, second!.streams]).toEqual([3, 3]);
    expect(second!.entries.map((entry) => entry[0])).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(checkpointSignatureHolds(second!, key.publicKey)).toBe(true);
    const before = readFileSync(join(dir, files[1]!.file), 'utf8');
    // Closing signs the rest.
    await writer.close();
    expect(checkpointFiles(dir).map((found) => found.position)).toEqual([10, 20, 25]);

    // A writer started again resumes after the last file; the time rule writes what is not a full N.
    const grown = chainOf(32);
    let now = new Date();
    const later = new CheckpointWriter(
      grown,
      { dir, everyEvents: 10, everyMinutes: 10, key },
      () => undefined,
      () => now,
    );
    later.open();
    await later.afterSeal(grown.links.slice(25));
    expect(checkpointFiles(dir)).toHaveLength(3);
    now = new Date(now.getTime() + 11 * 60_000);
    await later.afterSeal([]);
    const all = checkpointFiles(dir);
    expect(all.map((found) => found.position)).toEqual([10, 20, 25, 32]);
    expect(readCheckpoint(join(dir, all[3]!.file))).toMatchObject({ previousPosition: 25, events: 32 });
    await later.close();
    expect(checkpointFiles(dir)).toHaveLength(4);
    expect(readFileSync(join(dir, files[1]!.file), 'utf8')).toBe(before);
  });
});
