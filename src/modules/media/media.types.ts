import type { ImageFormat } from './image-format';

/** One stored file of an upload: `<publicId>/<name>.<ext>`. */
export interface MediaVariant {
  /** The width as text (`640`): the file's name. */
  name: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  key: string;
}
