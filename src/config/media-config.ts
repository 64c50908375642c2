import { availableParallelism } from 'node:os';
import { StartupError } from '../../libs/database/startup-error';
import type { S3StorageOptions } from '../../libs/storage/s3-storage';
import type { EnvReader } from './env-reader';

const MB = 1024 * 1024;

/** The S3-compatible store's settings (MEDIA_STORAGE=s3): the driver's own, and how readers get files. */
export interface MediaS3Config extends Omit<S3StorageOptions, 'cacheControl'> {
  /** Answer GET /media/... with a 302 to the store instead of streaming through Folio. */
  redirect: boolean;
}

/** Uploaded images (src/modules/media): limits, processing and where the files live. */
export interface MediaConfig {
  storage: 'local' | 's3';
  /** The local driver's folder (default `.data/media`, beside the embedded PostgreSQL's `.data/postgres`). */
  dir: string;
  maxBytes: number;
  maxPixels: number;
  keepOriginal: boolean;
  /** Images processed at once by this instance; the rest wait their turn. */
  processingConcurrency: number;
  s3: MediaS3Config;
}

export function loadMediaConfig(read: EnvReader): MediaConfig {
  const storage = read.oneOf('MEDIA_STORAGE', ['local', 's3'] as const, 'local');
  const s3: MediaS3Config = {
    endpoint: read.url('MEDIA_S3_ENDPOINT', ['http', 'https']),
    bucket: read.string('MEDIA_S3_BUCKET', ''),
    region: read.string('MEDIA_S3_REGION', 'us-east-1'),
    accessKeyId: read.string('MEDIA_S3_ACCESS_KEY_ID', '') || undefined,
    secretAccessKey: read.string('MEDIA_S3_SECRET_ACCESS_KEY', '') || undefined,
    forcePathStyle: read.boolean('MEDIA_S3_FORCE_PATH_STYLE', false),
    redirect: read.boolean('MEDIA_S3_REDIRECT', false),
    publicUrl: read.url('MEDIA_S3_PUBLIC_URL', ['http', 'https']),
  };
  if (storage === 's3' && !s3.bucket) {
    throw new StartupError(
      'Invalid configuration: MEDIA_S3_BUCKET is required with MEDIA_STORAGE=s3',
    );
  }
  if (Boolean(s3.accessKeyId) !== Boolean(s3.secretAccessKey)) {
    throw new StartupError(
      'Invalid configuration: MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together',
    );
  }
  return {
    storage,
    dir: read.string('MEDIA_DIR', '.data/media'),
    maxBytes: read.integer('MEDIA_MAX_BYTES', 20 * MB, 1024, 1024 * MB),
    maxPixels: read.integer('MEDIA_MAX_PIXELS', 50_000_000, 1, 1_000_000_000),
    keepOriginal: read.boolean('MEDIA_KEEP_ORIGINAL', false),
    processingConcurrency: read.integer(
      'MEDIA_PROCESSING_CONCURRENCY',
      Math.max(1, availableParallelism() - 1),
      1,
      64,
    ),
    s3,
  };
}
