import type { ByteRange } from '../../../libs/storage/object-storage';

/**
 * The one range of a `Range: bytes=...` header, for a file of `size` bytes:
 * - undefined: no header, another unit, or several ranges (answered with the whole file, as RFC 9110 allows);
 * - 'unsatisfiable': a range that starts past the end (a 416);
 * - the range, its end clamped to the file.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
