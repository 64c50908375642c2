import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalDiskStorage } from './local-disk-storage';

async function text(stream: Readable | string): Promise<string> {
  if (typeof stream === 'string') return stream;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'folio-storage-'));
    storage = new LocalDiskStorage(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads a file whole once it is given, even when it is deleted at once', async () => {
    // Another instance removes the upload just as this one is about to send it: many times, as the
    // deletion races the file's opening when that is left to the stream.
    const outcomes = new Set<string>();
    for (let i = 0; i < 50; i++) {
      await storage.put(`a${i}/320.webp`, Buffer.from('image bytes'));
      const stream = await storage.get(`a${i}/320.webp`);
      rmSync(join(root, `a${i}`), { recursive: true, force: true });
      outcomes.add(await text(stream ?? 'missing').catch((error: Error) => error.message));
    }
    expect([...outcomes]).toEqual(['image bytes']);
  });

  it('gives a byte range, and nothing for a missing file or a folder', async () => {
    await storage.put('a2/640.webp', Buffer.from('0123456789'));
    const range = await storage.get('a2/640.webp', { start: 2, end: 5 });
    expect(range && (await text(range))).toBe('2345');
    await expect(storage.get('a2/missing.webp')).resolves.toBeUndefined();
    await expect(storage.get('a2')).resolves.toBeUndefined();
  });
});
