import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
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

  /**
   * The user and the purpose of an unused, unexpired token of one of `purposes`, without spending it;
   * null when there is none.
   */
  findLive(
    tokenHash: string,
    purposes: readonly OneTimeTokenPurpose[],
  ): Promise<{ userId: number; purpose: OneTimeTokenPurpose } | null> {
    return this.query(async (repository) => {
      const token = await repository
        .createQueryBuilder('t')
        .select(['t.userId', 't.purpose'])
        .where('t.tokenHash = :tokenHash', { tokenHash })
        .andWhere('t.purpose IN (:...purposes)', { purposes })
        .andWhere('t.usedAt IS NULL')
        .andWhere('t.expiresAt > now()')
        .getOne();
      return token && { userId: token.userId, purpose: token.purpose };
    });
  }

  /** Retires the user's outstanding tokens of these purposes, or of every purpose when none are given. */
  retireForUser(userId: number, purposes?: readonly OneTimeTokenPurpose[]): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete(
        purposes === undefined ? { userId } : { userId, purpose: In([...purposes]) },
      );
    });
  }
}
