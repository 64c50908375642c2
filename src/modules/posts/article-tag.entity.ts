import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
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

  @BelongsTo(() => Article)
  article?: Article;

  @Column({ type: 'integer' })
  tagId: number;

  @BelongsTo(() => Tag)
  tag?: Tag;
}
