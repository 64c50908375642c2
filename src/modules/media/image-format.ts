/** The image formats Folio accepts, by their own name. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const EXTENSIONS: Record<ImageFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
};

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** The format of a served file's extension (`jpg` → jpeg), or undefined. */
export function formatOfExtension(extension: string): ImageFormat | undefined {
  return IMAGE_FORMATS.find((format) => EXTENSIONS[format] === extension);
}

const ascii = (bytes: Buffer, start: number, end: number) =>
  bytes.subarray(start, end).toString('latin1');

/** AVIF's brands in an ISO-BMFF `ftyp` box: the major brand, then the compatible ones. */
function isAvif(head: Buffer): boolean {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    // Bytes 12-16 are the minor version, not a brand.
    if (offset === 12) continue;
    const brand = ascii(head, offset, offset + 4);
    if (brand === 'avif' || brand === 'avis') return true;
  }
  return false;
}

/**
 * The format the file's first bytes (its magic number) say it is, whatever its name or the client's
 * Content-Type claim; undefined for anything else (SVG, HTML, text, PDF, HEIC, TIFF ...).
 */
export function sniffImageFormat(head: Buffer): ImageFormat | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) {
    return 'png';
  }
  if (head.length >= 6 && /^GIF8[79]a$/.test(ascii(head, 0, 6))) return 'gif';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') {
    return 'webp';
  }
  if (isAvif(head)) return 'avif';
  return undefined;
}
