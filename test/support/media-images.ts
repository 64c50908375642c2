import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import type TestAgent from 'supertest/lib/agent';

export type Format = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/** One colour all over: a large image in a small file (a long screenshot, a thin line). */
export function plainImage(width: number, height: number, format: Format): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#f4f1e8' } })
    .toFormat(format)
    .toBuffer();
}

/** A photo-like test image (a gradient with noise, so encoders have work to do). */
export async function makeImage(width: number, height: number, format: Format): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = (x * y) % 256;
    }
  }
  // A GIF's palette at the least effort: at the default, quantizing this noise took 11 s of a test's
  // 60, and the server's own encoding is what the tests time.
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format, format === 'gif' ? { effort: 1 } : {})
    .toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG's chunks with `extra` inserted before IEND. */
export function withPngChunks(png: Buffer, ...extra: Buffer[]): Buffer {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), ...extra, png.subarray(iend)]);
}

export const textChunk = (keyword: string, text: string) =>
  chunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1'));

/**
 * A decompression bomb: a 1-bit grayscale PNG of `size` × `size` pixels, all black, whose zlib stream
 * inflates to size × (size / 8 + 1) bytes (50 MB for 20,000) from ~50 KB.
 */
export function pngBomb(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const rows = Buffer.alloc(size * (Math.ceil(size / 8) + 1));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Sends a file as a browser's FormData does: field `file`, a name and the type the browser guessed. */
export function attach(
  agent: TestAgent,
  data: Buffer,
  filename = 'photo.jpg',
  contentType = 'image/jpeg',
) {
  return agent.post('/api/media').attach('file', data, { filename, contentType });
}

/** A served file's body as a Buffer (supertest leaves image bodies unparsed otherwise). */
export function binary(
  res: import('supertest').Response,
  done: (err: Error | null, body: Buffer) => void,
): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
