import { ApiProperty } from '@nestjs/swagger';

/** A user as others see them (RealWorld's Profile). */
export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

/** The Profile in the OpenAPI document: an article's or comment's author, a profile page. */
export class ProfileDto implements Profile {
  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true })
  image: string | null;

  @ApiProperty({ description: 'Whether the reader follows them; false without a token' })
  following: boolean;
}
