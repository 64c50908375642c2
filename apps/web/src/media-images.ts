/**
 * Responsive images for Folio's own uploads. An upload's files are `/media/<uuid>/<width>.<ext>` and
 * every upload has a WebP set; the server answers a standard width wider than the upload with a 302 to
 * its widest file, so a srcset of all four standard widths works from any one of its URLs.
 */
const STANDARD_WIDTHS = [320, 640, 1280, 2048] as const;
const UPLOAD_PATH =
  /^\/media\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/\d+\.[a-z]{3,4}$/;

/** The `sizes` of an image in an article's body (the 70ch measure) and of a cover (the page). */
export const BODY_SIZES = '(max-width: 760px) 100vw, 700px';
export const COVER_SIZES = '(max-width: 1132px) 100vw, 1100px';

/** The upload's id when `src` is a file of an upload on this site (absolute or relative), else undefined. */
function uploadId(src: string): string | undefined {
  let url: URL;
  try {
    url = new URL(src, window.location.href);
  } catch {
    return undefined;
  }
  if (url.origin !== window.location.origin || url.search || url.hash) return undefined;
  return UPLOAD_PATH.exec(url.pathname)?.[1];
}

/** `…/320.webp 320w, …/640.webp 640w, …` for an upload on this site; undefined for any other image. */
export function uploadSrcset(src: string): string | undefined {
  const id = uploadId(src);
  if (!id) return undefined;
  const base = `${window.location.origin}/media/${id}`;
  return STANDARD_WIDTHS.map((width) => `${base}/${width}.webp ${width}w`).join(', ');
}

/** A small file of an upload on this site (a list's thumbnail), or `src` itself for any other image. */
export function uploadThumbnail(src: string): string {
  const id = uploadId(src);
  return id ? `${window.location.origin}/media/${id}/320.webp` : src;
}

/** What a file picker offers: the types Folio accepts (it decides from the bytes anyway). */
export const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';
