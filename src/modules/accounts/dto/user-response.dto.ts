import { ApiProperty } from '@nestjs/swagger';
import { PublicUserDto } from '../public-user.types';
import { Role, STAFF_ROLES } from '../staff-roles.types';

/**
 * RealWorld's User: the account as its owner sees it, with the token to use next. Folio adds the
 * flags and the role a client needs to shape its screens (a "verify your email" banner, the admin
 * pages, the editor's Publish button); other readers never see them (profiles).
 */
export class UserView extends PublicUserDto {
  @ApiProperty({ example: 'jake@jake.jake' })
  email: string;

  @ApiProperty({ description: 'The token to send as `Authorization: Token <token>`' })
  token: string;

  @ApiProperty({ description: 'Whether the email address has been confirmed' })
  isVerified: boolean;

  @ApiProperty({
    // null listed too: OpenAPI 3.0 checks a nullable enum's null against the list.
    enum: [...STAFF_ROLES, null],
    nullable: true,
    description: 'The staff role; null for a reader (no staff role)',
  })
  role: Role;

  @ApiProperty({
    description: 'Whether the role is administrator (the admin routes); kept for older clients',
    deprecated: true,
  })
  isSuperuser: boolean;
}

export class UserResponse {
  @ApiProperty({ type: UserView })
  user: UserView;
}
