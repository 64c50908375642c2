import type { Readable } from 'node:stream';

/** Bytes `start` to `end` of an object, both included (an HTTP range). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What a store knows of an object without reading it. */
export interface StoredObject {
  size: number;
  /** A strong validator, quoted as HTTP sends it. */
  etag: string;
}

/**
 * Where uploaded files live, behind one interface: a new backend is one class implementing it.
 * Keys are `/`-separated relative paths (`<id>/640.webp`) the caller has already validated.
 */
export interface ObjectStorage {
  /** Writes an object whole (a later reader never sees part of it). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object's size and ETag, or undefined when there is none. */
  stat(key: string): Promise<StoredObject | undefined>;
  /** The object's bytes, or the range of them; undefined when there is none. */
  get(key: string, range?: ByteRange): Promise<Readable | undefined>;
  exists(key: string): Promise<boolean>;
  /** Deletes every object whose key starts with `prefix` (`<id>/`); none is not an error. */
  deletePrefix(prefix: string): Promise<void>;
  /** Where a reader can fetch the object straight from the store, if it can. */
  publicUrl(key: string): string | undefined;
}

/** A key a store accepts: segments of letters, digits, `.`, `_`, `-`, never `.` or `..` alone. */
export function assertSafeKey(key: string): void {
  const segments = key.split('/');
  const safe = segments.every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..');
  if (!safe) throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
}
