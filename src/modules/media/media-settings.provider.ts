import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { StartupError } from '../../../libs/database/startup-error';
import { LocalDiskStorage } from '../../../libs/storage/local-disk-storage';
import { ObjectStorage } from '../../../libs/storage/object-storage';
import type { S3Storage } from '../../../libs/storage/s3-storage';
import { AppConfig } from '../../config/app-config';
import { MediaConfig } from '../../config/media-config';
import { ImageProcessor } from './image-processor';

/** MEDIA_* and where readers reach the site (APP_URL), for the URLs of the API's answers. */
export type MediaSettings = MediaConfig & { siteUrl: string };

export const MEDIA_SETTINGS = Symbol('folio.mediaSettings');
/** The store of uploaded files: a provider, so a test can swap it. */
export const MEDIA_STORAGE = Symbol('folio.mediaStorage');

/** Served files never change: a new upload has a new id. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export const mediaProviders: Provider[] = [
  {
    provide: MEDIA_SETTINGS,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): MediaSettings => ({
      ...config.get('media', { infer: true }),
      siteUrl: config.get('site', { infer: true }).publicUrl,
    }),
  },
  {
    provide: MEDIA_STORAGE,
    inject: [MEDIA_SETTINGS],
    useFactory: async (settings: MediaSettings): Promise<ObjectStorage> => {
      if (settings.storage === 's3') {
        return new (s3Storage())({ ...settings.s3, cacheControl: IMMUTABLE });
      }
      const storage = new LocalDiskStorage(settings.dir);
      await storage.prepare().catch((error: NodeJS.ErrnoException) => {
        throw new StartupError(
          `MEDIA_DIR ${storage.root} cannot be written (${error.code ?? error.message}): set MEDIA_DIR to a folder this user may write`,
        );
      });
      return storage;
    },
  },
  {
    provide: ImageProcessor,
    inject: [MEDIA_SETTINGS],
    useFactory: (settings: MediaSettings) =>
      new ImageProcessor({
        maxPixels: settings.maxPixels,
        concurrency: settings.processingConcurrency,
      }),
  },
];

/** Required only when S3 is chosen: the AWS SDK adds ~20 MB to every process that loads it. */
function s3Storage(): typeof S3Storage {
  type S3Module = typeof import('../../../libs/storage/s3-storage');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../libs/storage/s3-storage') as S3Module).S3Storage;
}
