import { ApiProperty } from '@nestjs/swagger';
import { PublicUserDto } from '../accounts/public-user.types';

/** A user as others see them (RealWorld's Profile). */
export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

/** The Profile in the OpenAPI document: an article's or comment's author, a profile page. */
export class ProfileDto extends PublicUserDto implements Profile {
  @ApiProperty({ description: 'Whether the reader follows them; false without a token' })
  following: boolean;
}
