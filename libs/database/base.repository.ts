import {
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  Repository,
} from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BaseEntity } from './base.entity';
import { RecordNotFoundError, translateDatabaseError } from './database-errors';
import { DatabaseSession } from './database-session';

export interface Page {
  limit?: number;
  offset?: number;
}

export type Filter<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/**
 * The generic repository: the operations every feature needs, on the current database session,
 * with driver errors turned into typed errors. Feature repositories extend it with their own queries
 * and run them through `query()` to get the same session and error handling.
 */
export class BaseRepository<T extends BaseEntity> {
  constructor(
    protected readonly session: DatabaseSession,
    protected readonly entity: EntityTarget<T>,
    /** What API errors call a row, when not the entity's name (`WebhookEndpoint` → `webhook`). */
    private readonly errorName?: string,
  ) {}

  /** The entity's name as API errors show it: `User` → `user`, `AccessToken` → `accessToken`. */
  get entityName(): string {
    if (this.errorName) return this.errorName;
    const target = this.entity as { name?: string } | string;
    const name = typeof target === 'string' ? target : (target.name ?? 'record');
    return name.charAt(0).toLowerCase() + name.slice(1);
  }

  /** The first row matching `where`, or null. */
  findOne(where: Filter<T>): Promise<T | null> {
    return this.query((repository) => repository.findOne({ where }));
  }

  /** Whether a row matches `where`, read without loading it (`SELECT EXISTS`). */
  exists(where: Filter<T>): Promise<boolean> {
    return this.query((repository) => repository.exists({ where }));
  }

  /** Like findOne, but a missing row is a RecordNotFoundError. */
  async getOne(where: Filter<T>): Promise<T> {
    const found = await this.findOne(where);
    if (!found) throw new RecordNotFoundError(this.entityName);
    return found;
  }

  /** The newest (highest id) row matching `where`, or null. */
  findLast(where: Filter<T>): Promise<T | null> {
    return this.query((repository) =>
      repository.findOne({ where, order: { id: 'DESC' } as FindOptionsOrder<T> }),
    );
  }

  /** Rows matching `where`, newest first. */
  findAll(where: Filter<T> = {}, page: Page = {}): Promise<T[]> {
    return this.query((repository) =>
      repository.find({
        where,
        order: { id: 'DESC' } as FindOptionsOrder<T>,
        take: page.limit,
        skip: page.offset,
      }),
    );
  }

  /** Inserts a row and returns it as stored (id, defaults, timestamps): one INSERT … RETURNING. */
  create(data: DeepPartial<T>): Promise<T> {
    return this.query(async (repository) => {
      const result = await repository
        .createQueryBuilder()
        .insert()
        .values(data as QueryDeepPartialEntity<T>)
        .returning('*')
        .updateEntity(false)
        .execute();
      return this.hydrate(repository, (result.raw as Record<string, unknown>[])[0]);
    });
  }

  /** Updates a row by id and returns it as stored (one UPDATE … RETURNING); a missing row is a RecordNotFoundError. */
  update(id: number, changes: QueryDeepPartialEntity<T>): Promise<T> {
    return this.query(async (repository) => {
      const result = await repository
        .createQueryBuilder()
        .update()
        .set(changes)
        .where('id = :id', { id })
        .returning('*')
        .updateEntity(false)
        .execute();
      const row = (result.raw as Record<string, unknown>[])[0];
      if (!row) throw new RecordNotFoundError(this.entityName);
      return this.hydrate(repository, row);
    });
  }

  /** Deletes a row by id; tells whether there was one. */
  delete(id: number): Promise<boolean> {
    return this.query(async (repository) => {
      const result = await repository.delete(id);
      return (result.affected ?? 0) > 0;
    });
  }

  /** A raw `RETURNING *` row as an entity, with the driver's type conversions. */
  protected hydrate(repository: Repository<T>, raw: Record<string, unknown>): T {
    const entity = repository.create();
    const driver = repository.manager.connection.driver;
    for (const column of repository.metadata.columns) {
      if (column.databaseName in raw) {
        column.setEntityValue(
          entity,
          driver.prepareHydratedValue(raw[column.databaseName], column),
        );
      }
    }
    return entity;
  }

  /** Runs `work` on this entity's repository in the current session, translating driver errors. */
  protected async query<R>(
    work: (repository: Repository<T>, manager: EntityManager) => Promise<R>,
  ): Promise<R> {
    try {
      const manager = await this.session.manager();
      return await work(manager.getRepository(this.entity), manager);
    } catch (error) {
      throw translateDatabaseError(error, { entity: this.entityName });
    }
  }
}
