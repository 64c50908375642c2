import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { readFile } from 'node:fs/promises';
import { DatabaseSession } from '../../../libs/database/database-session';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { Page } from '../../../libs/database/base.repository';
import { JobQueue } from '../../../libs/jobs/job-queue';
import type { ObjectStorage } from '../../../libs/storage/object-storage';
import { ApiError } from '../../common/api-exception.filter';
import type { AuthUser } from '../accounts/auth-user.types';
import { hasRole } from '../accounts/staff-roles.types';
import { CONTENT_TYPES, EXTENSIONS } from './image-format';
import { ImageProcessor } from './image-processor';
import { Media } from './media.entity';
import { MediaRepository } from './media.repository';
import { MEDIA_SETTINGS, MEDIA_STORAGE, MediaSettings } from './media-settings.provider';
import type { MediaVariant } from './media.types';
import './media.jobs';

const DAY_MS = 86_400_000;
/** Uploads the daily clean-up deletes per statement. */
const CLEANUP_BATCH = 100;

/** An upload as the API shows it. */
export interface MediaView {
  id: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  createdAt: Date;
  /** The largest variant in the uploaded format: an `<img src>` every browser shows. */
  url: string;
  /** The WebP variants, `url 640w, ...`: an `<img srcset>`. */
  srcset: string;
  variants: { url: string; format: string; width: number; height: number; bytes: number }[];
}

/** What a link preview or a feed enclosure says of an image file: its pixels, size and type. */
export interface ImageFacts {
  width: number;
  height: number;
  bytes: number;
  contentType: string;
}

/** An upload's file in a URL, absolute or not: `/media/<publicId>/<name>.<ext>`. */
const FILE_PATH = /\/media\/([0-9a-f-]{36})\/([a-z0-9]+)\.([a-z]+)(?:[?#].*)?$/;

/** Uploads: processing, storing, listing, deleting (refused while in use) and the orphans' clean-up. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger('Media');

  constructor(
    private readonly media: MediaRepository,
    private readonly processor: ImageProcessor,
    private readonly session: DatabaseSession,
    @Inject(MEDIA_STORAGE) private readonly storage: ObjectStorage,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
    jobs: JobQueue,
  ) {
    jobs.define({
      name: 'media-orphan-cleanup',
      options: { retryLimit: 2 },
      concurrency: 1,
      cron: '41 3 * * *',
      handle: async () => {
        const deleted = await this.deleteOrphans(new Date(Date.now() - DAY_MS));
        if (deleted > 0) this.logger.log(`Deleted ${deleted} unused uploads older than a day`);
      },
    });
  }

  /**
   * Processes the image file at `path` (the caller deletes it, if temporary) and stores it as the user's
   * upload: 415 (ApiError) for a file that is not an image Folio takes, 422 for one it cannot decode.
   */
  async upload(uploaderId: number, path: string, bytes: number): Promise<MediaView> {
    const image = await this.processor.process(path);
    const publicId = randomUUID();
    const variants: MediaVariant[] = [];
    try {
      for (const { data, ...variant } of image.variants) {
        const key = `${publicId}/${variant.name}.${EXTENSIONS[variant.format]}`;
        await this.storage.put(key, data, CONTENT_TYPES[variant.format]);
        variants.push({ ...variant, key });
      }
      if (this.settings.keepOriginal) {
        await this.storage.put(
          `${publicId}/original`,
          await readFile(path),
          'application/octet-stream',
        );
      }
      const media = await this.media.create({
        publicId,
        uploaderId,
        format: image.format,
        bytes,
        width: image.width,
        height: image.height,
        variants,
        originalKept: this.settings.keepOriginal,
      });
      return this.view(media);
    } catch (error) {
      // No row, no files: nothing else would ever find them to delete.
      await this.storage.deletePrefix(`${publicId}/`).catch(() => undefined);
      throw error;
    }
  }

  async list(uploader: AuthUser, page: Page): Promise<[MediaView[], number]> {
    const [rows, count] = await this.media.listForUploader(uploader.id, page);
    return [rows.map((row) => this.view(row)), count];
  }

  /** Anyone's upload by its public id (the files are public anyway). */
  async get(publicId: string): Promise<MediaView> {
    return this.view(await this.find(publicId));
  }

  /**
   * The facts of each URL that names one of Folio's upload files (by its path, whatever the host: an
   * APP_URL changed since keeps working), in one statement; other URLs are not in the map.
   */
  async imageFacts(urls: readonly string[]): Promise<Map<string, ImageFacts>> {
    const wanted = new Map<string, { publicId: string; name: string; extension: string }>();
    for (const url of urls) {
      const match = FILE_PATH.exec(url);
      if (match && UUID.test(match[1])) {
        wanted.set(url, { publicId: match[1], name: match[2], extension: match[3] });
      }
    }
    const facts = new Map<string, ImageFacts>();
    if (wanted.size === 0) return facts;
    const publicIds = [...new Set([...wanted.values()].map((file) => file.publicId))];
    const uploads = await this.media.findAll({ publicId: In(publicIds) });
    for (const [url, file] of wanted) {
      const variant = uploads
        .find((upload) => upload.publicId === file.publicId)
        ?.variants.find((v) => v.name === file.name && EXTENSIONS[v.format] === file.extension);
      if (variant) {
        facts.set(url, {
          width: variant.width,
          height: variant.height,
          bytes: variant.bytes,
          contentType: CONTENT_TYPES[variant.format],
        });
      }
    }
    return facts;
  }

  /**
   * The uploader, an editor or an administrator deletes an upload nothing uses; its files go once the
   * row is gone.
   */
  async delete(reader: AuthUser, publicId: string): Promise<void> {
    const media = await this.find(publicId);
    if (media.uploaderId !== reader.id && !hasRole(reader.role, 'editor')) {
      throw new ApiError(403, { media: 'forbidden' });
    }
    if (!(await this.media.deleteUnused(media.id))) {
      if (await this.media.inUse(publicId)) {
        throw new ApiError(409, { media: 'is used by an article, a page or a profile image' });
      }
      throw new RecordNotFoundError('media');
    }
    this.session.afterCommit(() => void this.removeFiles(publicId));
  }

  /** Deletes the uploads created before `before` that nothing references; how many went. */
  async deleteOrphans(before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const orphans = await this.media.orphansBefore(before, CLEANUP_BATCH);
      for (const orphan of orphans) {
        // Asked again as it goes: removing the batch's files takes time (seconds on S3), and an
        // article saved meanwhile may have started using an upload of the batch.
        if (!(await this.media.deleteUnused(orphan.id))) continue;
        deleted++;
        await this.removeFiles(orphan.publicId);
      }
      if (orphans.length < CLEANUP_BATCH) return deleted;
    }
  }

  private async find(publicId: string): Promise<Media> {
    if (!UUID.test(publicId)) throw new RecordNotFoundError('media');
    return this.media.getOne({ publicId });
  }

  private async removeFiles(publicId: string): Promise<void> {
    try {
      await this.storage.deletePrefix(`${publicId}/`);
    } catch (error) {
      this.logger.warn(`Deleting the files of ${publicId} failed: ${(error as Error).message}`);
    }
  }

  private view(media: Media): MediaView {
    const url = (variant: MediaVariant) =>
      `${this.settings.siteUrl}/media/${media.publicId}/${variant.name}.${EXTENSIONS[variant.format]}`;
    const ofFormat = (format: string) =>
      media.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
    const own = ofFormat(media.format);
    return {
      id: media.publicId,
      format: media.format,
      width: media.width,
      height: media.height,
      bytes: media.bytes,
      createdAt: media.createdAt,
      url: url(own[own.length - 1]),
      srcset: ofFormat('webp')
        .map((v) => `${url(v)} ${v.width}w`)
        .join(', '),
      variants: media.variants.map((v) => ({
        url: url(v),
        format: v.format,
        width: v.width,
        height: v.height,
        bytes: v.bytes,
      })),
    };
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
