import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { Article } from './article.entity';
import { Tag } from './tag.entity';

/** The link between an article and a tag; (tagId, articleId) serves `?tag=`. */
@Entity()
@Index(['articleId', 'tagId'], { unique: true })
@Index(['tagId', 'articleId'])
export class ArticleTag extends BaseEntity {
  @Column({ type: 'integer' })
  articleId: number;

  @ManyToOne(() => Article, { onDelete: 'CASCADE' })
  @JoinColumn()
  article?: Article;

  @Column({ type: 'integer' })
  tagId: number;

  @ManyToOne(() => Tag, { onDelete: 'CASCADE' })
  @JoinColumn()
  tag?: Tag;
}
