import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../libs/database/database.module';
import { createTestDatabase, TestDatabase } from './support/test-app';

/**
 * Instances behind a load balancer start together with MIGRATIONS_RUN=true (the default): each
 * applies the pending migrations at start. They must take turns, not race.
 */
describe('migrations on start, three instances at once', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('an instance with a pool of one connection migrates a new database (DATABASE_POOL_SIZE=1)', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [DatabaseModule.forRoot({ url: fresh.url, runMigrations: true, poolSize: 1 })],
      }).compile();
      const dataSource = moduleRef.get(DataSource);
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM migrations',
      );
      expect(n).toBe(dataSource.migrations.length);
      await dataSource.destroy();
    } finally {
      await fresh.drop();
    }
  });

  it('every instance starts, and each migration is applied once', async () => {
    const start = () =>
      Test.createTestingModule({
        imports: [DatabaseModule.forRoot({ url: database.url, runMigrations: true, poolSize: 2 })],
      }).compile();
    const outcomes = await Promise.allSettled([start(), start(), start()]);
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [String(outcome.reason)] : [],
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') await outcome.value.get(DataSource).destroy();
    }
    expect(failures).toEqual([]);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; n: number }>(
        'SELECT name, count(*)::int AS n FROM migrations GROUP BY name',
      );
      const files = readdirSync(join(__dirname, '..', 'migrations')).filter((f) =>
        f.endsWith('.ts'),
      );
      expect(rows).toHaveLength(files.length);
      expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
