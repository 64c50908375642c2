import { ObjectLiteral, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A secret handed out once (an email link's token, a sign-in's exchange code): it works once, until it expires. */
export interface SingleUseSecret extends ObjectLiteral {
  userId: number;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Marks the unused, unexpired secret matching `where` (entity properties: its hash, its purpose) used and
 * returns its user's id, in one statement, so two requests racing with the same secret cannot both
 * succeed; null when there is none.
 */
export async function spendSingleUse<T extends SingleUseSecret>(
  repository: Repository<T>,
  where: Partial<T>,
): Promise<number | null> {
  const result = await repository
    .createQueryBuilder()
    .update()
    .set({ usedAt: () => 'now()' } as QueryDeepPartialEntity<T>)
    .where(where)
    .andWhere('used_at IS NULL')
    .andWhere('expires_at > now()')
    .returning('user_id')
    .execute();
  const rows = result.raw as { user_id: number }[];
  return rows[0]?.user_id ?? null;
}
