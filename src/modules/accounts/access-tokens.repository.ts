import { Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { prepared } from '../../../libs/database/sql';
import { driverQuery } from '../../../libs/database/sql-row';
import { AccessCache, TokenWithUser } from './access-cache';
import { AccessToken } from './access-token.entity';

// Hand-written: it runs on every authenticated request, and the query builder's SQL generation and
// entity hydration cost more than the query itself.
const TOKEN_WITH_USER = prepared(`
  SELECT t.id, t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt", u.id AS "userId",
         u.username, u.email, u.is_active AS "isActive", u.role,
         u.is_verified AS "isVerified"
  FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`);

@Injectable()
export class AccessTokensRepository extends BaseRepository<AccessToken> {
  constructor(
    session: DatabaseSession,
    private readonly access: AccessCache,
  ) {
    super(session, AccessToken);
  }

  /** The token with its user: kept in memory (AccessCache), or read in one statement. */
  findWithUser(tokenHash: string): Promise<TokenWithUser | null> {
    return this.access.find(tokenHash, () => this.readWithUser(tokenHash));
  }

  private async readWithUser(tokenHash: string): Promise<TokenWithUser | null> {
    const rows = await this.query((_repository, manager) =>
      manager.query<(Omit<TokenWithUser, 'user'> & TokenWithUser['user'] & { userId: number })[]>(
        driverQuery(TOKEN_WITH_USER),
        [tokenHash],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    const { id, expiresAt, lastUsedAt, userId, username, email } = row;
    const { isActive, role, isVerified } = row;
    return {
      id,
      expiresAt,
      lastUsedAt,
      user: { id: userId, username, email, isActive, role, isVerified },
    };
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.query((_repository, manager) =>
      manager.query('UPDATE access_tokens SET last_used_at = $2 WHERE id = $1', [id, at]),
    );
  }

  override update(id: number, changes: QueryDeepPartialEntity<AccessToken>): Promise<AccessToken> {
    return this.access.changedBy(super.update(id, changes));
  }

  override delete(id: number): Promise<boolean> {
    return this.access.changedBy(super.delete(id));
  }

  /** Revokes every token of the user, but for `exceptId` when given; returns how many went. */
  deleteForUser(userId: number, exceptId?: number): Promise<number> {
    return this.access.changedBy(
      this.query(async (repository) => {
        const result = await repository.delete(
          exceptId === undefined ? { userId } : { userId, id: Not(exceptId) },
        );
        return result.affected ?? 0;
      }),
    );
  }
}
