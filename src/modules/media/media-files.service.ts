import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { ByteRange, ObjectStorage, StoredObject } from '../../../libs/storage/object-storage';
import { CONTENT_TYPES, formatOfExtension } from './image-format';
import { MEDIA_SETTINGS, MEDIA_STORAGE, MediaSettings } from './media-settings.provider';
import { UUID } from './media.service';

/** A served file's name: its width and extension (`640.webp`). Originals are never served. */
const FILE = /^([1-9]\d{0,4})\.([a-z]{3,4})$/;

export interface ServedFile {
  key: string;
  contentType: string;
}

/**
 * The files of GET /media/<id>/<file>, read from the store without the database: a file exists while
 * its upload does (deleting an upload deletes its files), and never changes.
 */
@Injectable()
export class MediaFilesService {
  constructor(
    @Inject(MEDIA_STORAGE) private readonly storage: ObjectStorage,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
  ) {}

  /** The key and type of a well-formed address, or undefined (a 404 without asking the store). */
  resolve(id: string, file: string): ServedFile | undefined {
    const match = FILE.exec(file);
    const format = match ? formatOfExtension(match[2]) : undefined;
    if (!match || !format || !UUID.test(id)) return undefined;
    return { key: `${id}/${file}`, contentType: CONTENT_TYPES[format] };
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
