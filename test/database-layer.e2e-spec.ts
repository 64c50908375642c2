import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../libs/database/database.module';
import { DatabaseSession } from '../libs/database/database-session';
import { RecordNotFoundError, UniqueViolationError } from '../libs/database/database-errors';
import { requestLoggingModule } from '../src/common/request-logging.module';
import { loadConfig } from '../src/config/app-config';
import { configureApp, createHttpAdapter } from '../src/configure-app';
import { Gadget } from './fixtures/gadget.entity';
import { FixtureModule, GadgetsRepository } from './fixtures/fixture.module';
import { CreateFixtures1700000000000 } from './fixtures/migrations/1700000000000-CreateFixtures';
import { Shelf } from './fixtures/shelf.entity';
import { createTestDatabase, TestDatabase } from './support/test-app';

describe('database layer (real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let gadgets: GadgetsRepository;
  let session: DatabaseSession;
  const http = () => request(app.getHttpServer());
  let serial = 0;
  const nextSerial = () => `SN-${++serial}`;
  const count = async (serialNumber: string) =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM gadgets WHERE serial_number = $1',
          [serialNumber],
        )
      )[0].n,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({
          url: database.url,
          runMigrations: true,
          extraEntities: [Gadget, Shelf],
          extraMigrations: [CreateFixtures1700000000000],
        }),
        FixtureModule,
        // configureApp's access log and request context, as the app has them.
        requestLoggingModule('silent'),
      ],
    }).compile();
    const http = loadConfig({ NODE_ENV: 'test' }).http;
    app = configureApp(
      moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(http), {
        logger: false,
      }),
      http,
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get(DataSource);
    gadgets = app.get(GadgetsRepository);
    session = app.get(DatabaseSession);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  describe('naming strategy', () => {
    it('names tables as snake_case plurals and columns as snake_case', async () => {
      const columns = await dataSource.query<{ table_name: string; column_name: string }[]>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN ('gadgets', 'shelves') ORDER BY table_name, column_name`,
      );
      expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([
        'gadgets.created_at',
        'gadgets.id',
        'gadgets.serial_number',
        'gadgets.shelf_id',
        'gadgets.updated_at',
        'shelves.created_at',
        'shelves.id',
        'shelves.label',
        'shelves.updated_at',
      ]);
    });
  });

  describe('request session', () => {
    it('commits a writing request that succeeds', async () => {
      const serialNumber = nextSerial();
      const response = await http().post('/api/fixture/gadgets').send({ serialNumber }).expect(201);
      expect(response.body).toMatchObject({ id: expect.any(Number), serialNumber, shelfId: null });
      expect(await count(serialNumber)).toBe(1);
    });

    it('rolls back every write of a request that throws', async () => {
      const first = nextSerial();
      const second = nextSerial();
      await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber: first, alsoSerialNumber: second, failAfterWrite: true })
        .expect(400, { errors: { request: ['failed on purpose'] } });
      expect(await count(first)).toBe(0);
      expect(await count(second)).toBe(0);
    });

    it('rolls back the first write when a later one violates a constraint', async () => {
      const taken = nextSerial();
      await http().post('/api/fixture/gadgets').send({ serialNumber: taken }).expect(201);
      const fresh = nextSerial();
      const response = await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber: fresh, alsoSerialNumber: taken })
        .expect(409);
      expect(response.body).toEqual({ errors: { serialNumber: ['has already been taken'] } });
      expect(await count(fresh)).toBe(0);
    });

    it('gives the same transaction to everything in one unit of work outside HTTP', async () => {
      const serialNumber = nextSerial();
      await expect(
        session.transaction(async () => {
          await gadgets.create({ serialNumber });
          // Another service in the same unit of work sees the uncommitted row.
          await expect(
            session.transaction(() => gadgets.findOne({ serialNumber })),
          ).resolves.not.toBeNull();
          // A separate connection does not.
          expect(await count(serialNumber)).toBe(0);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await count(serialNumber)).toBe(0);
    });

    it('commits an explicit transaction that resolves', async () => {
      const serialNumber = nextSerial();
      await session.transaction(() => gadgets.create({ serialNumber }));
      expect(await count(serialNumber)).toBe(1);
    });

    it('drops a connection that died inside a unit of work, and the pool keeps serving', async () => {
      await expect(
        session.transaction(async (manager) => {
          const [{ pid }] = await manager.query<{ pid: number }[]>(
            'SELECT pg_backend_pid() AS pid',
          );
          // Another connection kills this one's backend, as an administrator or a failover would.
          await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
          await manager.query('SELECT 1').catch(() => undefined);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => dataSource.query<{ one: number }[]>('SELECT 1 AS one')),
      );
      expect(answers.map(([row]) => row.one)).toEqual(Array(12).fill(1));
    });

    it('returns every pooled connection once requests finish', async () => {
      await Promise.all(
        Array.from({ length: 30 }, () =>
          http().post('/api/fixture/gadgets').send({ serialNumber: nextSerial() }),
        ),
      );
      const pool = (
        dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }
      ).master;
      expect(pool.totalCount).toBe(pool.idleCount);
    });
  });

  describe('typed errors', () => {
    it('a unique violation is a 409 naming the field', async () => {
      const serialNumber = nextSerial();
      await http().post('/api/fixture/gadgets').send({ serialNumber }).expect(201);
      await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber })
        .expect(409, { errors: { serialNumber: ['has already been taken'] } });
      await expect(gadgets.create({ serialNumber })).rejects.toBeInstanceOf(UniqueViolationError);
    });

    it('a foreign key to nothing is a 422 naming the field', async () => {
      await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber: nextSerial(), shelfId: 999999 })
        .expect(422, { errors: { shelfId: ['does not exist'] } });
    });

    it('deleting a row others reference is a 409', async () => {
      const shelf = (await http().post('/api/fixture/shelves/top').expect(201)).body as Shelf;
      await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber: nextSerial(), shelfId: shelf.id })
        .expect(201);
      await http()
        .delete(`/api/fixture/shelves/${shelf.id}`)
        .expect(409, { errors: { shelf: ['is still referenced'] } });
    });

    it('a missing row is a 404 named after the entity', async () => {
      await http()
        .get('/api/fixture/gadgets/999999')
        .expect(404, { errors: { gadget: ['not found'] } });
      await http()
        .patch('/api/fixture/gadgets/999999')
        .send({ serialNumber: nextSerial() })
        .expect(404, { errors: { gadget: ['not found'] } });
      await expect(gadgets.getOne({ id: 999999 })).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('a value too long for its column is a 422 (PostgreSQL does not name the column)', async () => {
      const response = await http()
        .post('/api/fixture/gadgets')
        .send({ serialNumber: 'x'.repeat(60) })
        .expect(422);
      expect(response.body).toEqual({ errors: { value: ['is too long'] } });
    });

    it('an unknown database failure is a bare 500: no SQL, no stack', async () => {
      const response = await http().get('/api/fixture/broken').expect(500);
      expect(response.body).toEqual({ errors: { server: ['internal error'] } });
      expect(JSON.stringify(response.body)).not.toContain('no_such_table');
    });
  });

  describe('generic repository', () => {
    it('create returns the stored row with id, defaults and timestamps', async () => {
      const before = Date.now();
      const gadget = await gadgets.create({ serialNumber: nextSerial() });
      expect(gadget.id).toEqual(expect.any(Number));
      expect(gadget.shelfId).toBeNull();
      expect(gadget.createdAt).toBeInstanceOf(Date);
      expect(gadget.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(gadget.updatedAt.getTime()).toBe(gadget.createdAt.getTime());
    });

    it('update changes updatedAt, keeps createdAt, and returns the stored row', async () => {
      const gadget = await gadgets.create({ serialNumber: nextSerial() });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const renamed = nextSerial();
      const updated = await gadgets.update(gadget.id, { serialNumber: renamed });
      expect(updated.serialNumber).toBe(renamed);
      expect(updated.createdAt.getTime()).toBe(gadget.createdAt.getTime());
      expect(updated.updatedAt.getTime()).toBeGreaterThan(gadget.updatedAt.getTime());
    });

    it('findLast returns the newest match, findAll pages newest first', async () => {
      const shelf = (await http().post('/api/fixture/shelves/paging').expect(201)).body as Shelf;
      const made: Gadget[] = [];
      for (let i = 0; i < 5; i++)
        made.push(await gadgets.create({ serialNumber: nextSerial(), shelfId: shelf.id }));
      expect((await gadgets.findLast({ shelfId: shelf.id }))?.id).toBe(made[4].id);
      const page = await gadgets.findAll({ shelfId: shelf.id }, { limit: 2, offset: 1 });
      expect(page.map((g) => g.id)).toEqual([made[3].id, made[2].id]);
      expect(await gadgets.findOne({ serialNumber: 'never-made' })).toBeNull();
    });

    it('exists tells whether a row matches, in the request session', async () => {
      const gadget = await gadgets.create({ serialNumber: nextSerial() });
      await expect(gadgets.exists({ serialNumber: gadget.serialNumber })).resolves.toBe(true);
      await expect(gadgets.exists({ id: gadget.id, serialNumber: 'never-made' })).resolves.toBe(
        false,
      );
      // A row written in the open transaction is seen by it, and by nobody else until it commits.
      const serialNumber = nextSerial();
      await session.transaction(async () => {
        await gadgets.create({ serialNumber });
        await expect(gadgets.exists({ serialNumber })).resolves.toBe(true);
        await expect(dataSource.getRepository(Gadget).existsBy({ serialNumber })).resolves.toBe(
          false,
        );
      });
    });

    it('delete tells whether a row was deleted', async () => {
      const gadget = await gadgets.create({ serialNumber: nextSerial() });
      await expect(gadgets.delete(gadget.id)).resolves.toBe(true);
      await expect(gadgets.delete(gadget.id)).resolves.toBe(false);
    });
  });
});
