import { JoinColumn, ManyToOne, type ObjectType, type RelationOptions } from 'typeorm';

/**
 * The owning side of a many-to-one: the relation and its join column (`<property>_id`), which the entity
 * also declares as a plain `<property>Id` column so that services write the id without loading the row.
 * Registered bottom-up, as `@ManyToOne(...)` over `@JoinColumn()` on the property would be.
 */
export function BelongsTo<T>(
  target: () => ObjectType<T>,
  onDelete: RelationOptions['onDelete'] = 'CASCADE',
): PropertyDecorator {
  return (prototype, property) => {
    JoinColumn()(prototype, property);
    ManyToOne(target, { onDelete })(prototype, property);
  };
}
