import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { CursorPaginationQueryDto } from '../../../common/pagination-query.dto';
import { BLANK_OR_INVALID, NestedObject } from '../../../common/nested-object.decorator';
import { EmptyQueryIsAbsent, OptionalText } from '../../../common/optional-text.validator';
import { PublicUserDto } from '../../accounts/public-user.types';
import { Role, STAFF_ROLES } from '../../accounts/staff-roles.types';
import { EmailField, UsernameField } from '../../accounts/user-fields.decorator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/**
 * `GET /api/admin/users?email=&username=&active=&verified=&limit=&offset=&cursor=`: paged by offset as
 * every list, or by the previous answer's `nextCursor`.
 */
export class ListUsersQuery extends CursorPaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of the email, in any case', maxLength: 254 })
  @OptionalText(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Part of the username, in any case', maxLength: 64 })
  @OptionalText(64)
  username?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Empty: no filter' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  @EmptyQueryIsAbsent()
  active?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'Empty: no filter' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  @EmptyQueryIsAbsent()
  verified?: boolean;
}

export class AdminUserChanges {
  @ApiPropertyOptional({ description: 'false signs the user out everywhere' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  isActive?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  isVerified?: boolean;

  @ApiPropertyOptional({
    // null listed too: OpenAPI 3.0 checks a nullable enum's null against the list.
    enum: [...STAFF_ROLES, null],
    nullable: true,
    description:
      'The staff role to give; null takes it away (a reader). The last active administrator keeps theirs (409)',
  })
  @ValidateIf((_object, value) => value !== undefined)
  @IsIn([...STAFF_ROLES, null], {
    message: `must be one of ${STAFF_ROLES.join(', ')}, or null for a reader`,
  })
  role?: Role;
}

export class NewInvitation {
  @ApiProperty({ example: 'wendy@example.com', maxLength: 254 })
  @EmailField()
  email: string;

  @ApiPropertyOptional({
    example: 'wendy',
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.-]+$',
    description: "Made from the email's local part when absent (the owner may change it)",
  })
  @IsOptional()
  @UsernameField()
  username?: string;

  @ApiPropertyOptional({
    enum: [...STAFF_ROLES, null],
    nullable: true,
    description: 'The staff role to give; absent or null: a reader',
  })
  @IsOptional()
  @IsIn([...STAFF_ROLES, null], {
    message: `must be one of ${STAFF_ROLES.join(', ')}, or null for a reader`,
  })
  role?: Role;
}

export class InviteUserDto {
  @NestedObject(NewInvitation, BLANK_OR_INVALID)
  user: NewInvitation;
}

export class PatchUserDto {
  @NestedObject(AdminUserChanges, BLANK_OR_INVALID)
  user: AdminUserChanges;
}

/** An account as administrators see it: the flags, the role and dates, never the password hash. */
export class AdminUserView extends PublicUserDto {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ example: 'jake@jake.jake' })
  email: string;

  @ApiProperty()
  isActive: boolean;

  @ApiProperty()
  isVerified: boolean;

  @ApiProperty({ enum: [...STAFF_ROLES, null], nullable: true, description: 'null for a reader' })
  role: Role;

  @ApiProperty({
    description:
      'false for an invited person who has not chosen a password yet (and for an account made by an identity provider)',
  })
  hasPassword: boolean;

  @ApiProperty({
    description: 'Whether the role is administrator; kept for older clients',
    deprecated: true,
  })
  isSuperuser: boolean;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;
}

export class AdminUserResponseDto {
  @ApiProperty({ type: AdminUserView })
  user: AdminUserView;
}

export class AdminUsersResponseDto {
  @ApiProperty({ type: [AdminUserView] })
  users: AdminUserView[];

  @ApiProperty({ type: 'integer', description: 'How many users match the filter, over every page' })
  usersCount: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `cursor` of the next page; null when no more users match',
  })
  nextCursor: string | null;
}
