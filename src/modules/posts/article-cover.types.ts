/** An article's cover as every read and write of it carries it. */
export interface ArticleCover {
  /** An absolute http(s) URL (an upload's, or another site's), or null. */
  coverImage: string | null;
  /** What the cover shows, for those who cannot see it; null: decoration. */
  coverImageAlt: string | null;
  /** A line of plain text under it (a credit, a place), or null. */
  coverImageCaption: string | null;
}
