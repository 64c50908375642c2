import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { spendSingleUse } from '../../common/single-use-secret';
import { OneTimeToken, OneTimeTokenPurpose } from './one-time-token.entity';

@Injectable()
export class OneTimeTokensRepository extends BaseRepository<OneTimeToken> {
  constructor(session: DatabaseSession) {
    super(session, OneTimeToken);
  }

  /**
   * Marks an unused, unexpired token as used and returns its user id, in one statement, so two
   * requests racing with the same token cannot both succeed.
   */
  consume(tokenHash: string, purpose: OneTimeTokenPurpose): Promise<number | null> {
    return this.query((repository) => spendSingleUse(repository, { tokenHash, purpose }));
  }

  /** The user of an unused, unexpired token, without spending it; null when there is none. */
  findLiveUserId(tokenHash: string, purpose: OneTimeTokenPurpose): Promise<number | null> {
    return this.query(async (repository) => {
      const token = await repository
        .createQueryBuilder('t')
        .select('t.userId')
        .where('t.tokenHash = :tokenHash', { tokenHash })
        .andWhere('t.purpose = :purpose', { purpose })
        .andWhere('t.usedAt IS NULL')
        .andWhere('t.expiresAt > now()')
        .getOne();
      return token?.userId ?? null;
    });
  }

  /** Retires the user's outstanding tokens of the purpose, or of every purpose when none is given. */
  retireForUser(userId: number, purpose?: OneTimeTokenPurpose): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete(purpose === undefined ? { userId } : { userId, purpose });
    });
  }
}
