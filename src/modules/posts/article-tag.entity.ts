import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { Article, ArticleStatus } from './article.entity';
import { Tag } from './tag.entity';

/**
 * The link between an article and a tag. It carries a copy of its article's status and publication
 * time, kept by the database (migration ArticleTagOrder), so that `?tag=` reads a tag's newest
 * articles in order from one index, (tagId, articleStatus, articlePublishedAt, articleId), instead of
 * sorting all of the tag's articles.
 */
@Entity()
@Index(['articleId', 'tagId'], { unique: true })
@Index(['tagId', 'articleStatus', 'articlePublishedAt', 'articleId'])
export class ArticleTag extends BaseEntity {
  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;

  @Column({ type: 'integer' })
  tagId: number;

  @BelongsTo(() => Tag)
  tag?: Tag;

  /** Its article's status: written by the database's triggers only. */
  @Column({ type: 'varchar', length: 16, insert: false, update: false })
  readonly articleStatus: ArticleStatus;

  /** Its article's publishedAt: written by the database's triggers only. */
  @Column({ type: 'timestamptz', nullable: true, insert: false, update: false })
  readonly articlePublishedAt: Date | null;
}
