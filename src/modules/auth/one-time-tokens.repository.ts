import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
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
    return this.query(async (repository) => {
      const result = await repository
        .createQueryBuilder()
        .update()
        .set({ usedAt: () => 'now()' })
        .where('token_hash = :tokenHash', { tokenHash })
        .andWhere('purpose = :purpose', { purpose })
        .andWhere('used_at IS NULL')
        .andWhere('expires_at > now()')
        .returning('user_id')
        .execute();
      const rows = result.raw as { user_id: number }[];
      return rows[0]?.user_id ?? null;
    });
  }

  /** Retires every outstanding token of the purpose for the user (after use, or an email change). */
  retireForUser(userId: number, purpose: OneTimeTokenPurpose): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete({ userId, purpose });
    });
  }
}
