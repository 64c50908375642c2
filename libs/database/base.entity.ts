import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Every table has an identity id and database-maintained timestamps. */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** TypeORM sets it on every update it issues; BaseRepository.update issues all updates. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
