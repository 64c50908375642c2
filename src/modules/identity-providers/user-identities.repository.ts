import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { UserIdentity } from './user-identity.entity';

@Injectable()
export class UserIdentitiesRepository extends BaseRepository<UserIdentity> {
  constructor(session: DatabaseSession) {
    super(session, UserIdentity);
  }

  /** The user's links, oldest first, their rows locked when asked (an unlink counts them). */
  forUser(userId: number, lock = false): Promise<UserIdentity[]> {
    return this.query((repository) => {
      const builder = repository
        .createQueryBuilder('i')
        .where('i.userId = :userId', { userId })
        .orderBy('i.id');
      if (lock) builder.setLock('pessimistic_write');
      return builder.getMany();
    });
  }
}
