import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../libs/database/database.module';
import { DatabaseSession } from '../libs/database/database-session';
import { DomainEvents, OnDomainEvent } from '../libs/events/domain-events';
import { DomainEventsModule } from '../libs/events/domain-events.module';
import { createTestDatabase, TestDatabase } from './support/test-app';

declare module '../libs/events/domain-events' {
  interface DomainEventMap {
    'test.happened': { n: number };
    'test.fails': { n: number };
  }
}

@Injectable()
class Recorder {
  readonly seen: { n: number; committed: boolean }[] = [];
  constructor(private readonly dataSource: DataSource) {}

  @OnDomainEvent('test.happened')
  async record(event: { n: number }): Promise<void> {
    // The subscriber runs after COMMIT: another connection already sees the row.
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM marks WHERE n = $1', [
      event.n,
    ]);
    this.seen.push({ n: event.n, committed: rows.length === 1 });
  }

  @OnDomainEvent('test.fails')
  fail(): void {
    throw new Error('subscriber broke');
  }
}

@Module({ providers: [Recorder] })
class RecorderModule {}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('domain events (after commit, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let session: DatabaseSession;
  let events: DomainEvents;
  let recorder: Recorder;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: database.url, runMigrations: true }),
        DomainEventsModule,
        RecorderModule,
      ],
    }).compile();
    await app.init();
    session = app.get(DatabaseSession);
    events = app.get(DomainEvents);
    recorder = app.get(Recorder);
    await app.get(DataSource).query('CREATE TABLE marks (n integer PRIMARY KEY)');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const mark = (n: number) =>
    session.transaction(async (manager) => {
      await manager.query('INSERT INTO marks (n) VALUES ($1)', [n]);
      events.publish('test.happened', { n });
    });

  it('delivers an event once its transaction has committed', async () => {
    await mark(1);
    await until(() => recorder.seen.length > 0);
    expect(recorder.seen).toEqual([{ n: 1, committed: true }]);
  });

  it('never delivers an event of a rolled-back transaction', async () => {
    await expect(
      session.transaction(async (manager) => {
        await manager.query('INSERT INTO marks (n) VALUES ($1)', [2]);
        events.publish('test.happened', { n: 2 });
        throw new Error('the write fails after publishing');
      }),
    ).rejects.toThrow('the write fails after publishing');
    await mark(3);
    await until(() => recorder.seen.some((event) => event.n === 3));
    expect(recorder.seen.map((event) => event.n)).toEqual([1, 3]);
  });

  it('a failing subscriber never fails the publisher', async () => {
    await expect(
      session.transaction((manager) => {
        events.publish('test.fails', { n: 4 });
        return manager.query('SELECT 1');
      }),
    ).resolves.toEqual([{ '?column?': 1 }]);
  });
});
