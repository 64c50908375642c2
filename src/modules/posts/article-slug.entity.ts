import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { Article } from './article.entity';

/**
 * A slug an article had before its title changed: links to it keep working (the page redirects with a
 * 301). An article's current slug always wins over an old one that another article once had.
 */
@Entity()
@Index(['slug'], { unique: true })
@Index(['articleId'])
export class ArticleSlug extends BaseEntity {
  @Column({ type: 'varchar', length: 255 })
  slug: string;

  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;
}
