import { ApiProperty } from '@nestjs/swagger';
import { PublicUserDto } from '../public-user.types';

/**
 * RealWorld's User: the account as its owner sees it, with the token to use next. Folio adds the two
 * flags a client needs to shape its screens (a "verify your email" banner, the admin pages); other
 * readers never see them (profiles).
 */
export class UserView extends PublicUserDto {
  @ApiProperty({ example: 'jake@jake.jake' })
  email: string;

  @ApiProperty({ description: 'The token to send as `Authorization: Token <token>`' })
  token: string;

  @ApiProperty({ description: 'Whether the email address has been confirmed' })
  isVerified: boolean;

  @ApiProperty({ description: 'Whether the user may use the admin routes' })
  isSuperuser: boolean;
}

export class UserResponse {
  @ApiProperty({ type: UserView })
  user: UserView;
}
