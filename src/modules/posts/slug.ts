import { randomBytes } from 'node:crypto';
import slugify from 'slugify';

const MAX_BASE_LENGTH = 200;

/**
 * A readable Latin slug: Cyrillic (and other accented Latin) is transliterated, everything else that is
 * not a letter or digit becomes a dash. Titles with nothing transliterable fall back to `fallback`.
 */
export function slugFrom(text: string, fallback = 'article'): string {
  const slug = slugify(text, { lower: true, strict: true, trim: true })
    .slice(0, MAX_BASE_LENGTH)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** `base` plus a short random suffix, for when `base` is taken. */
export function suffixedSlug(base: string): string {
  return `${base}-${randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6)}`;
}
