import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { User } from '../accounts/user.entity';
import type { ImageFormat } from './image-format';
import type { MediaVariant } from './media.types';

/**
 * An uploaded image and the files made from it. Its URLs use `publicId` (a random UUID), never the
 * serial id, so uploads cannot be enumerated.
 */
@Entity()
@Index(['uploaderId', 'id'])
@Index(['createdAt'])
export class Media extends BaseEntity {
  @Column({ type: 'uuid', unique: true })
  publicId: string;

  /** Null once the uploader's account is deleted: the files stay until the orphan clean-up. */
  @Column({ type: 'integer', nullable: true })
  uploaderId: number | null;

  @BelongsTo(() => User, 'SET NULL')
  uploader?: User;

  @Column({ type: 'varchar', length: 8 })
  format: ImageFormat;

  /** The uploaded file's size. */
  @Column({ type: 'integer' })
  bytes: number;

  /** Upright (EXIF orientation applied). */
  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'jsonb' })
  variants: MediaVariant[];

  /** The uploaded bytes are kept (MEDIA_KEEP_ORIGINAL) under `<publicId>/original`, never served. */
  @Column({ type: 'boolean', default: false })
  originalKept: boolean;
}
