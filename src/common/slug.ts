import { randomBytes } from 'node:crypto';
import slugify from 'slugify';
import { transliterate } from 'transliteration';
import { ApiError } from './api-exception.filter';

/** The longest slug an article's title or an author's choice makes (a taken one's suffix comes on top). */
export const MAX_ARTICLE_BASE_LENGTH = 200;

/**
 * A readable Latin slug: every script is transliterated (Cyrillic and accented Latin by slugify's own
 * table; Chinese, Japanese, Korean, Arabic, Hebrew, Thai, Indic... as Ghost does, from Unidecode's
 * tables), everything else that is not a letter or digit becomes a dash. A title with nothing
 * transliterable (emoji alone) falls back to `fallback`.
 */
export function slugFrom(
  text: string,
  fallback = 'article',
  maxLength = MAX_ARTICLE_BASE_LENGTH,
): string {
  return plainSlug(text, maxLength) || fallback;
}

/**
 * Symbols (`<`, `>`, `|`, `$`, `♥`, `€`...) and `%` separate words instead of being spelled out
 * (`Vec<T>` was `veclesstgreater`); an underscore separates words too (`snake_case` is `snake-case`).
 * `&` still reads `and`.
 */
const SEPARATORS = /[\p{S}%_]/gu;

/**
 * Runs of the scripts slugify has no table for: everything but Latin, Cyrillic and Greek (which it
 * spells itself, as Folio's slugs always have) and the marks and punctuation they share.
 */
const OTHER_SCRIPTS =
  /[^\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Common}\p{Script=Inherited}]+/gu;

/** The slug of `text` cut to `maxLength`, or '' when nothing in it transliterates. */
export function plainSlug(text: string, maxLength: number): string {
  const spelled = text
    .replace(OTHER_SCRIPTS, (run) => ` ${transliterate(run)} `)
    .replace(SEPARATORS, ' ');
  return slugify(spelled, { lower: true, strict: true, trim: true })
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** `base` plus a short random suffix, for when `base` is taken. */
export function suffixedSlug(base: string): string {
  return `${base}-${randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6)}`;
}

const SUFFIX = /^[0-9a-z]{6}$/;

/**
 * Slugs that an API route answers in an article's place (`GET /api/articles/feed` is the followed
 * authors' feed): an article never takes one, or its own address would not lead to it.
 */
export const RESERVED_ARTICLE_SLUGS: ReadonlySet<string> = new Set(['feed']);

/**
 * The slug an author chose, written as slugs are (`My First Post!` is `my-first-post`); '' when none.
 * Whole: an API choice longer than MAX_ARTICLE_BASE_LENGTH is refused, not cut; an import cuts it.
 */
export function chosenSlug(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  return plainSlug(text, maxLength);
}

/**
 * The slug someone asked for through the API (an article's, a page's), written as slugs are: a 422 on
 * `slug` when nothing of it is left, or when it is longer than MAX_ARTICLE_BASE_LENGTH (refused, not cut).
 */
export function requestedSlug(text: string): string {
  const slug = chosenSlug(text);
  if (slug === '') throw new ApiError(422, { slug: 'must contain a letter or digit' });
  if (slug.length > MAX_ARTICLE_BASE_LENGTH) {
    throw new ApiError(422, {
      slug: `is too long (maximum is ${MAX_ARTICLE_BASE_LENGTH} characters)`,
    });
  }
  return slug;
}

/** A slug another article (or page) has: the client's choice is taken. */
export const slugTaken = () => new ApiError(409, { slug: 'has already been taken' });

/** Whether `slug` is `base`, or `base` with the suffix a taken one gets (suffixedSlug). */
export function isSlugOf(slug: string, base: string): boolean {
  return slug === base || (slug.startsWith(`${base}-`) && SUFFIX.test(slug.slice(base.length + 1)));
}
