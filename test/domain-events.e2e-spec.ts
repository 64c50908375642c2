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
    'test.echoed': { n: number };
    'test.refused': { n: number };
  }
}

/** In-transaction subscribers: they write in the publisher's unit of work (as webhooks enqueue jobs). */
@Injectable()
class Echo {
  constructor(private readonly session: DatabaseSession) {}

  @OnDomainEvent('test.echoed', { inTransaction: true })
  async echo({ n }: { n: number }): Promise<void> {
    const manager = await this.session.manager();
    await manager.query('INSERT INTO marks (n) VALUES ($1)', [n + 1000]);
  }

  @OnDomainEvent('test.refused', { inTransaction: true })
  refuse(): Promise<void> {
    return Promise.reject(new Error('cannot record it'));
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

@Module({ providers: [Recorder, Echo] })
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
      await events.publish('test.happened', { n });
    });

  /** Writes mark `n`, publishes `event` for it, then fails: the whole unit of work rolls back. */
  const markPublishAndFail = (n: number, event: 'test.happened' | 'test.echoed') =>
    expect(
      session.transaction(async (manager) => {
        await manager.query('INSERT INTO marks (n) VALUES ($1)', [n]);
        await events.publish(event, { n });
        throw new Error('the write fails after publishing');
      }),
    ).rejects.toThrow('the write fails after publishing');

  it('delivers an event once its transaction has committed', async () => {
    await mark(1);
    await until(() => recorder.seen.length > 0);
    expect(recorder.seen).toEqual([{ n: 1, committed: true }]);
  });

  it('never delivers an event of a rolled-back transaction', async () => {
    await markPublishAndFail(2, 'test.happened');
    await mark(3);
    await until(() => recorder.seen.some((event) => event.n === 3));
    expect(recorder.seen.map((event) => event.n)).toEqual([1, 3]);
  });

  it('a failing subscriber never fails the publisher', async () => {
    await expect(
      session.transaction(async (manager) => {
        await events.publish('test.fails', { n: 4 });
        return manager.query<unknown[]>('SELECT 1');
      }),
    ).resolves.toEqual([{ '?column?': 1 }]);
  });

  const marks = async (...ns: number[]) =>
    (
      await app
        .get(DataSource)
        .query<{ n: number }[]>('SELECT n FROM marks WHERE n = ANY($1) ORDER BY n', [ns])
    ).map((row) => row.n);

  it('an in-transaction subscriber writes in the publisher’s transaction, before publish returns', async () => {
    await session.transaction(async (manager) => {
      await manager.query('INSERT INTO marks (n) VALUES ($1)', [5]);
      await events.publish('test.echoed', { n: 5 });
      // Seen by the publisher's own connection already: the same transaction.
      await expect(manager.query('SELECT 1 FROM marks WHERE n = 1005')).resolves.toHaveLength(1);
    });
    await expect(marks(5, 1005)).resolves.toEqual([5, 1005]);
  });

  it('a rolled-back publisher leaves nothing of its in-transaction subscribers', async () => {
    await markPublishAndFail(6, 'test.echoed');
    await expect(marks(6, 1006)).resolves.toEqual([]);
  });

  it('a failing in-transaction subscriber fails the publisher, whose write rolls back', async () => {
    await expect(
      session.transaction(async (manager) => {
        await manager.query('INSERT INTO marks (n) VALUES ($1)', [7]);
        await events.publish('test.refused', { n: 7 });
      }),
    ).rejects.toThrow('cannot record it');
    await expect(marks(7)).resolves.toEqual([]);
  });
});
