import {
  access,
  constants,
  FileHandle,
  mkdir,
  open,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { inProject } from '../project/project-root';
import type { Readable } from 'node:stream';
import { assertSafeKey, ByteRange, ObjectStorage, StoredObject } from './object-storage';

const notFound = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Objects as files under one folder; written to a temporary name, then renamed into place. */
export class LocalDiskStorage implements ObjectStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = inProject(root);
  }

  /**
   * Makes the folder if it is missing and checks that this process may write in it, so that a wrong
   * MEDIA_DIR (a systemd unit with no working folder, another user's folder) stops the start rather
   * than failing the first upload. Rejects with the system's error code.
   */
  async prepare(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK | constants.X_OK);
  }

  private path(key: string): string {
    assertSafeKey(key);
    return join(this.root, key);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, body);
    await rename(temporary, path);
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    try {
      const info = await stat(this.path(key));
      if (!info.isFile()) return undefined;
      // What @fastify/static sends: size and modification time (objects never change in place).
      return {
        size: info.size,
        etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | undefined> {
    // Opened first: a file deleted meanwhile (its upload removed on another instance) is then either
    // missing here, or read whole from the open handle; never a stream that fails once it is sent.
    let handle: FileHandle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      return undefined;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async deletePrefix(prefix: string): Promise<void> {
    // Media keys are `<id>/<file>`: a prefix is one folder.
    const folder = prefix.replace(/\/$/, '');
    await rm(this.path(folder), { recursive: true, force: true });
  }

  publicUrl(): string | undefined {
    return undefined;
  }
}
