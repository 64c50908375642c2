import { Column, Entity, Index } from 'typeorm';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { BaseEntity } from '../../../libs/database/base.entity';
import { User } from '../accounts/user.entity';
import { Article } from '../posts/article.entity';

// The relations exist for their foreign keys only: comments asks ArticlesService and ProfilesService for data.
@Entity()
@Index(['articleId', 'id'])
@Index(['authorId'])
export class Comment extends BaseEntity {
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;

  @Column({ type: 'integer' })
  authorId: number;

  @BelongsTo(() => User)
  author?: User;
}
