import { Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { AccessToken } from './access-token.entity';

@Injectable()
export class AccessTokensRepository extends BaseRepository<AccessToken> {
  constructor(session: DatabaseSession) {
    super(session, AccessToken);
  }

  /** The token with its user, in one statement. */
  findWithUser(tokenHash: string): Promise<AccessToken | null> {
    return this.query((repository) =>
      repository
        .createQueryBuilder('t')
        .innerJoinAndSelect('t.user', 'u')
        .where('t.tokenHash = :tokenHash', { tokenHash })
        .getOne(),
    );
  }

  touch(id: number, at: Date): Promise<void> {
    return this.query(async (repository) => {
      await repository
        .createQueryBuilder()
        .update()
        .set({ lastUsedAt: at, updatedAt: () => 'updated_at' })
        .where('id = :id', { id })
        .execute();
    });
  }

  /** Revokes every token of the user, but for `exceptId` when given; returns how many went. */
  deleteForUser(userId: number, exceptId?: number): Promise<number> {
    return this.query(async (repository) => {
      const result = await repository.delete(
        exceptId === undefined ? { userId } : { userId, id: Not(exceptId) },
      );
      return result.affected ?? 0;
    });
  }
}
