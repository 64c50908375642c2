import { DataSource } from 'typeorm';
import {
  UniqueViolationError,
  translateDatabaseError,
} from '../../../libs/database/database-errors';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

export interface SuperuserInput {
  email: string;
  username: string;
  password: string;
}

export type SuperuserOutcome = 'created' | 'promoted' | 'exists' | 'unverified';

/**
 * Creates a verified, active administrator (the superuser of old: the FIRST_SUPERUSER_* settings and
 * the create-superuser command keep their names), or promotes the account with that email when it
 * exists and its owner verified the address (`unverified` otherwise: anyone may have registered it,
 * with a password of their choosing). A promoted account keeps its password and username.
 * Plain TypeORM so the CLI can run it without booting Nest.
 */
export async function createSuperuser(
  dataSource: DataSource,
  hasher: PasswordHasher,
  input: SuperuserInput,
  options: { promoteExisting: boolean },
): Promise<SuperuserOutcome> {
  const passwordHash = await hasher.hash(input.password);
  try {
    return await dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      const existing = await users
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email: input.email })
        .getOne();
      if (existing) {
        if (existing.role === 'administrator') return 'exists';
        if (!options.promoteExisting) throw new UniqueViolationError('email');
        if (!existing.isVerified) return 'unverified';
        await users.update(existing.id, {
          role: 'administrator',
          isActive: true,
          isVerified: true,
        });
        return 'promoted';
      }
      await users.insert({
        email: input.email,
        username: input.username,
        passwordHash,
        role: 'administrator',
        isVerified: true,
        isActive: true,
      });
      return 'created';
    });
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

/** Whether any administrator exists yet. */
export function hasSuperuser(dataSource: DataSource): Promise<boolean> {
  return dataSource.getRepository(User).exists({ where: { role: 'administrator' } });
}
