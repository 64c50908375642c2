import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

@Entity()
export class Tag extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;
}
