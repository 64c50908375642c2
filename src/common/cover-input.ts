/** An article's or a static page's cover as stored: the image, its alternative text and its caption. */
export interface CoverValues {
  coverImage: string | null;
  coverImageAlt: string | null;
  coverImageCaption: string | null;
}

/** The cover fields a request gave (CoverImageField, CoverAltField, CoverCaptionField). */
export type CoverInput = Partial<CoverValues>;

const TEXTS = ['coverImageAlt', 'coverImageCaption'] as const;

/** A new item's cover: what was given, its texts trimmed; null for what was not. */
export function newCover(input: CoverInput): CoverValues {
  return {
    coverImage: input.coverImage ?? null,
    coverImageAlt: input.coverImageAlt?.trim() ?? null,
    coverImageCaption: input.coverImageCaption?.trim() ?? null,
  };
}

/**
 * What an edit changes of a cover: each field given and different from `current`, the texts trimmed
 * (a blank one, which the field's transform made null, clears it). Nothing for what was not given.
 */
export function coverChanges(changes: CoverInput, current: CoverValues): Partial<CoverValues> {
  const set: Partial<CoverValues> = {};
  if (changes.coverImage !== undefined && changes.coverImage !== current.coverImage) {
    set.coverImage = changes.coverImage;
  }
  for (const field of TEXTS) {
    const text = changes[field] === undefined ? undefined : (changes[field]?.trim() ?? null);
    if (text !== undefined && text !== current[field]) set[field] = text;
  }
  return set;
}
