import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { ByteRange, ObjectStorage, StoredObject } from '../../../libs/storage/object-storage';
import { CONTENT_TYPES, EXTENSIONS, formatOfExtension } from './image-format';
import { VARIANT_WIDTHS } from './image-processor';
import { MediaRepository } from './media.repository';
import { MEDIA_SETTINGS, MEDIA_STORAGE, MediaSettings } from './media-settings.provider';
import { UUID } from './media.service';
import type { MediaVariant } from './media.types';

/** A served file's name: its width and extension (`640.webp`). Originals are never served. */
const FILE = /^([1-9]\d{0,4})\.([a-z]{3,4})$/;

export interface ServedFile {
  key: string;
  contentType: string;
}

/**
 * The files of GET /media/<id>/<file>, read from the store without the database: a file exists while
 * its upload does (deleting an upload deletes its files), and never changes. Only a standard width the
 * upload is too small to have asks the database (fallback).
 */
@Injectable()
export class MediaFilesService {
  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: ObjectStorage,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
    private readonly media: MediaRepository,
  ) {}

  /** The key and type of a well-formed address, or undefined (a 404 without asking the store). */
  resolve(id: string, file: string): ServedFile | undefined {
    const match = FILE.exec(file);
    const format = match ? formatOfExtension(match[2]) : undefined;
    if (!match || !format || !UUID.test(id)) return undefined;
    return { key: `${id}/${file}`, contentType: CONTENT_TYPES[format] };
  }

  /**
   * For a standard width (320, 640, 1280, 2048) wider than every file of that format the upload has
   * (1280.webp of a 700-wide image), its widest file of that format; else undefined. A client that only
   * has an upload's URL can then list all four widths in a srcset and never meet a broken image.
   */
  async fallback(id: string, file: string): Promise<ServedFile | undefined> {
    const match = FILE.exec(file);
    const format = match ? formatOfExtension(match[2]) : undefined;
    const width = Number(match?.[1]);
    if (!format || !(VARIANT_WIDTHS as readonly number[]).includes(width) || !UUID.test(id)) {
      return undefined;
    }
    const media = await this.media.findOne({ publicId: id });
    const widest = media?.variants
      .filter((variant) => variant.format === format)
      .reduce<MediaVariant | undefined>((a, b) => (a && a.width >= b.width ? a : b), undefined);
    if (!widest || widest.width >= width) return undefined;
    return this.resolve(id, `${widest.name}.${EXTENSIONS[format]}`);
  }

  /** The store's own URL of the file when the settings send readers there (MEDIA_S3_REDIRECT). */
  redirectUrl(file: ServedFile): string | undefined {
    return this.settings.storage === 's3' && this.settings.s3.redirect
      ? this.storage.publicUrl(file.key)
      : undefined;
  }

  stat(file: ServedFile): Promise<StoredObject | undefined> {
    return this.storage.stat(file.key);
  }

  read(file: ServedFile, range?: ByteRange): Promise<Readable | undefined> {
    return this.storage.get(file.key, range);
  }
}
