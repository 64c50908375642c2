import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';
import { Article } from './article.entity';

/** One reader's favorite; (userId, articleId) is unique and serves `?favorited=`. */
@Entity()
@Index(['userId', 'articleId'], { unique: true })
@Index(['articleId'])
export class Favorite extends BaseEntity {
  @Column({ type: 'integer' })
  userId: number;

  @BelongsTo(() => User)
  user?: User;

  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;
}
