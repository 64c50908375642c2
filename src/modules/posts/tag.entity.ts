import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** The unique index on the name's key (tag.query.ts), hand-written in the TagsOneWithFinalSigma migration. */
export const TAG_NAME_INDEX = 'ux_tags_name_key';

/** A tag is stored as first written and is one whatever its case: `javascript` is `JavaScript`. */
@Entity()
@Index(TAG_NAME_INDEX, { synchronize: false })
export class Tag extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;
}
