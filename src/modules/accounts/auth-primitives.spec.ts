import { readToken } from './auth.guard';
import { ConcurrencyGate, PasswordHasher } from './password-hasher';

describe('readToken', () => {
  it('reads Token and Bearer, tells missing from malformed', () => {
    expect(readToken('Token abc')).toBe('abc');
    expect(readToken('bearer abc ')).toBe('abc');
    expect(readToken(undefined)).toBeNull();
    expect(readToken('Basic abc')).toBe('');
    expect(readToken('Token a b')).toBe('');
  });
});

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({
    memoryKib: 8192,
    iterations: 1,
    parallelism: 1,
    concurrency: 2,
  });

  it('hashes with argon2id and the given parameters, and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
    await expect(hasher.verify(hash, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'wrong horse')).resolves.toBe(false);
    await expect(hasher.verify('not-a-hash', 'x')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('wants a rehash when any parameter or the algorithm differs', async () => {
    const other = new PasswordHasher({
      memoryKib: 8192,
      iterations: 2,
      parallelism: 1,
      concurrency: 2,
    });
    expect(other.needsRehash(await hasher.hash('x'))).toBe(true);
    expect(hasher.needsRehash('$2b$10$bcryptbcryptbcryptbcryptbcrypt')).toBe(true);
  });
});

describe('ConcurrencyGate', () => {
  it('runs at most its limit at once, the rest in arrival order, and survives failures', async () => {
    const gate = new ConcurrencyGate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number, fail = false) =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        order.push(n);
        if (fail) throw new Error(`task ${n}`);
        return n;
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => task(n, n === 2)));
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    await expect(task(6)).resolves.toBe(6);
  });
});
