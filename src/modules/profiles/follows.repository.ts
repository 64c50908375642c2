import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Follow } from './follow.entity';

@Injectable()
export class FollowsRepository extends BaseRepository<Follow> {
  constructor(session: DatabaseSession) {
    super(session, Follow);
  }

  /** Idempotent: following twice leaves one row. */
  follow(followerId: number, followeeId: number): Promise<void> {
    return this.query(async (repository) => {
      await repository
        .createQueryBuilder()
        .insert()
        .values({ followerId, followeeId })
        .orIgnore()
        .execute();
    });
  }

  unfollow(followerId: number, followeeId: number): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete({ followerId, followeeId });
    });
  }

  /** Which of `followeeIds` the follower follows: one statement whatever the count. */
  followedAmong(followerId: number, followeeIds: readonly number[]): Promise<Set<number>> {
    return this.query(async (repository) => {
      const rows = await repository
        .createQueryBuilder('f')
        .select('f.followeeId', 'followeeId')
        .where('f.followerId = :followerId', { followerId })
        .andWhere('f.followeeId = ANY(:followeeIds)', { followeeIds })
        .getRawMany<{ followeeId: number }>();
      return new Set(rows.map((row) => row.followeeId));
    });
  }

  followeeIds(followerId: number): Promise<number[]> {
    return this.query(async (repository) => {
      const rows = await repository
        .createQueryBuilder('f')
        .select('f.followeeId', 'followeeId')
        .where('f.followerId = :followerId', { followerId })
        .orderBy('f.followeeId')
        .getRawMany<{ followeeId: number }>();
      return rows.map((row) => row.followeeId);
    });
  }
}
