import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** A section of the blog; an article belongs to at most one. */
@Entity()
export class Category extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 80, unique: true })
  slug: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
