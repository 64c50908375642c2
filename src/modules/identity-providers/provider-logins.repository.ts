import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { spendSingleUse } from '../../common/single-use-secret';
import { ProviderExchangeCode } from './provider-exchange-code.entity';
import { ProviderLogin } from './provider-login.entity';

/** The pending sign-ins: each is taken once, by the callback that names its state. */
@Injectable()
export class ProviderLoginsRepository extends BaseRepository<ProviderLogin> {
  constructor(session: DatabaseSession) {
    super(session, ProviderLogin);
  }

  /**
   * Deletes the sign-in with that state and returns it, in one statement (two callbacks racing with one
   * state cannot both have it); null when there is none or it has expired. Expired ones go too.
   */
  take(stateHash: string): Promise<ProviderLogin | null> {
    return this.query(async (repository) => {
      await repository.createQueryBuilder().delete().where('expires_at <= now()').execute();
      const result = await repository
        .createQueryBuilder()
        .delete()
        .where('state_hash = :stateHash', { stateHash })
        .returning('*')
        .execute();
      const rows = result.raw as Record<string, unknown>[];
      return rows[0] ? this.hydrate(repository, rows[0]) : null;
    });
  }

  /** Deletes the user's pending links (started from Settings with a token). */
  deleteForUser(userId: number): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete({ userId });
    });
  }
}

/** The codes the web app trades for a token. */
@Injectable()
export class ProviderExchangeCodesRepository extends BaseRepository<ProviderExchangeCode> {
  constructor(session: DatabaseSession) {
    super(session, ProviderExchangeCode);
  }

  /**
   * Marks an unused, unexpired code handed to that browser as used and returns its user id, in one
   * statement; null otherwise.
   */
  consume(tokenHash: string, browserHash: string): Promise<number | null> {
    return this.query((repository) => spendSingleUse(repository, { tokenHash, browserHash }));
  }

  /** Deletes the user's codes not traded yet. */
  deleteUnusedForUser(userId: number): Promise<void> {
    return this.query(async (repository) => {
      await repository.delete({ userId, usedAt: IsNull() });
    });
  }
}
