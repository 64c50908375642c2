import { Logger } from '@nestjs/common';
import { open } from 'node:fs/promises';
import type sharpModule from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import { ApiError } from '../../common/api-exception.filter';
import { IMAGE_FORMATS, ImageFormat, sniffImageFormat } from './image-format';
import type { MediaVariant } from './media.types';
import { Semaphore } from './semaphore';

/** The widths of the resized variants; an image narrower than one gets its own width instead, never more. */
export const VARIANT_WIDTHS = [320, 640, 1280, 2048] as const;

/**
 * The longest side WebP can encode (AVIF's is near it): a variant taller than this is made narrower
 * until it fits, so a long screenshot keeps all its variants in every format.
 */
export const MAX_VARIANT_SIDE = 16383;

/** One encoded file of an upload, before it is stored. */
export interface EncodedVariant extends Omit<MediaVariant, 'key'> {
  data: Buffer;
}

export interface ProcessedImage {
  format: ImageFormat;
  width: number;
  height: number;
  variants: EncodedVariant[];
}

export interface ProcessingLimits {
  maxPixels: number;
  concurrency: number;
}

const ACCEPTED = 'must be a JPEG, PNG, WebP, AVIF or GIF image';

let loadedSharp: typeof sharpModule | undefined;

/** sharp, required on the first upload: libvips adds ~19 MB to every process that loads it. */
function sharp(): typeof sharpModule {
  if (!loadedSharp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loadedSharp = require('sharp') as typeof sharpModule;
    // One libvips thread per image (the semaphore decides how many images); no cache of files we delete.
    loadedSharp.concurrency(1);
    loadedSharp.cache(false);
  }
  return loadedSharp;
}

/** sharp's `format` for each accepted format (AVIF is a HEIF with AV1 inside). */
function sharpSays(metadata: Metadata): ImageFormat | undefined {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'avif' : undefined;
  return IMAGE_FORMATS.find((format) => format === metadata.format);
}

function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 82, progressive: true });
    case 'png':
      return pipeline.png({ compressionLevel: 8 });
    case 'webp':
      return pipeline.webp({ quality: 80 });
    case 'avif':
      // AV1 is slow to encode: effort 2 of 9 keeps a 2048-wide variant near a second on one core.
      return pipeline.avif({ quality: 55, effort: 2 });
    case 'gif':
      return pipeline.gif();
  }
}

/**
 * Turns an uploaded file into the files Folio serves, with sharp: every variant is decoded and encoded
 * again (which leaves behind anything that is not pixels: scripts of a polyglot, EXIF, GPS, comments),
 * turned upright by its EXIF orientation, at most as wide as the original. A GIF keeps its first frame
 * only. At most `concurrency` images are processed at once: a burst of uploads waits its turn instead
 * of taking every core from the requests that read.
 */
export class ImageProcessor {
  private readonly slots: Semaphore;
  private readonly logger = new Logger(ImageProcessor.name);

  constructor(private readonly limits: ProcessingLimits) {
    this.slots = new Semaphore(limits.concurrency);
  }

  /** Images waiting for a slot. */
  get queued(): number {
    return this.slots.pending;
  }

  async process(path: string): Promise<ProcessedImage> {
    const format = await this.sniff(path);
    return this.slots.run(() => this.encodeAll(path, format));
  }

  /** The format by the file's first bytes: 415 for anything else. */
  private async sniff(path: string): Promise<ImageFormat> {
    const file = await open(path, 'r');
    try {
      const head = Buffer.alloc(64);
      const { bytesRead } = await file.read(head, 0, head.length, 0);
      const format = sniffImageFormat(head.subarray(0, bytesRead));
      if (!format) throw new ApiError(415, { file: ACCEPTED });
      return format;
    } finally {
      await file.close();
    }
  }

  private input(path: string): Sharp {
    // limitInputPixels is sharp's own guard, checked from the header before decoding; failOn makes a
    // truncated file an error instead of a grey bottom half.
    return sharp()(path, { limitInputPixels: this.limits.maxPixels, failOn: 'truncated' });
  }

  private async encodeAll(path: string, format: ImageFormat): Promise<ProcessedImage> {
    let metadata: Metadata;
    try {
      // Reads the header only: the dimensions are known before a pixel is decoded.
      metadata = await sharp()(path, { limitInputPixels: false }).metadata();
    } catch {
      throw new ApiError(422, { file: 'is not a readable image' });
    }
    if (sharpSays(metadata) !== format || !metadata.width || !metadata.height) {
      throw new ApiError(422, { file: 'is not a readable image' });
    }
    if (metadata.width * metadata.height > this.limits.maxPixels) {
      const megapixels = Math.floor(this.limits.maxPixels / 1e6);
      throw new ApiError(422, {
        file: `has more pixels than the limit (${megapixels > 0 ? `${megapixels} megapixels` : `${this.limits.maxPixels} pixels`})`,
      });
    }
    // Orientations 5-8 turn the image a quarter: its upright width is the stored height.
    const sideways = (metadata.orientation ?? 1) >= 5;
    const width = sideways ? metadata.height : metadata.width;
    const height = sideways ? metadata.width : metadata.height;
    // The widest a variant may be and stay within MAX_VARIANT_SIDE high.
    const fitting = Math.floor((MAX_VARIANT_SIDE * width) / height);
    if (fitting < 1) {
      throw new ApiError(422, {
        file: `is too tall for its width (at most ${MAX_VARIANT_SIDE} times as tall as wide)`,
      });
    }
    const widths = [...VARIANT_WIDTHS.filter((w) => w < width), Math.min(width, 2048)].map((w) =>
      Math.min(w, fitting),
    );
    const formats: ImageFormat[] = format === 'webp' ? ['webp'] : ['webp', format];
    const variants: EncodedVariant[] = [];
    try {
      for (const variantWidth of [...new Set(widths)]) {
        for (const variantFormat of formats) {
          const pipeline = this.input(path).rotate().resize({ width: variantWidth });
          const { data, info } = await encode(pipeline, variantFormat).toBuffer({
            resolveWithObject: true,
          });
          variants.push({
            name: String(info.width),
            format: variantFormat,
            width: info.width,
            height: info.height,
            bytes: info.size,
            data,
          });
        }
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // Decoding failed (a file sharp cannot read past its header), or encoding did: say which.
      this.logger.warn(`An upload could not be encoded: ${(error as Error).message}`);
      throw new ApiError(422, { file: 'is not a readable image' });
    }
    return { format, width, height, variants };
  }
}
