import { randomInt } from 'node:crypto';
import { RESERVED_USERNAMES } from './user-fields.decorator';
import { UsersRepository } from './users.repository';

const USERNAME_MAX = 64;

/**
 * A username nobody has, made from `hint` (what an identity provider calls the user, an invited
 * address's local part): the hint's allowed characters, then with four random digits, then ten.
 */
export async function freeUsername(users: UsersRepository, hint: string): Promise<string> {
  let base = hint.replace(/[^A-Za-z0-9_.-]+/g, '').slice(0, USERNAME_MAX - 5);
  if (!base || RESERVED_USERNAMES.has(base.toLowerCase())) base = 'user';
  if (!(await users.findByUsername(base))) return base;
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `${base}${randomInt(1000, 10000)}`;
    if (!(await users.findByUsername(candidate))) return candidate;
  }
  return `${base.slice(0, USERNAME_MAX - 13)}${randomInt(1_000_000_000, 10_000_000_000)}`;
}
