import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Every table has an identity id and database-maintained timestamps. */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set by every update TypeORM builds (BaseRepository.update included); raw SQL must set it itself. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
