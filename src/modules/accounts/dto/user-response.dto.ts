import { ApiProperty } from '@nestjs/swagger';

/**
 * RealWorld's User: the account as its owner sees it, with the token to use next. Folio adds the two
 * flags a client needs to shape its screens (a "verify your email" banner, the admin pages); other
 * readers never see them (profiles).
 */
export class UserView {
  @ApiProperty({ example: 'jake@jake.jake' })
  email: string;

  @ApiProperty({ description: 'The token to send as `Authorization: Token <token>`' })
  token: string;

  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true })
  image: string | null;

  @ApiProperty({ description: 'Whether the email address has been confirmed' })
  isVerified: boolean;

  @ApiProperty({ description: 'Whether the user may use the admin routes' })
  isSuperuser: boolean;
}

export class UserResponse {
  @ApiProperty({ type: UserView })
  user: UserView;
}
