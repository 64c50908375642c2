import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** The unique index on lower(name), hand-written in the TagsOneInAnyCase migration. */
export const TAG_NAME_INDEX = 'ux_tags_lower_name';

/** A tag is stored as first written and is one whatever its case: `javascript` is `JavaScript`. */
@Entity()
@Index(TAG_NAME_INDEX, { synchronize: false })
export class Tag extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;
}
