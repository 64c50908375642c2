import { ApiProperty } from '@nestjs/swagger';

/** The author of an article or comment, as the reader sees them. */
export class ProfileDto {
  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true })
  image: string | null;

  @ApiProperty({ description: 'Whether the reader follows them; false without a token' })
  following: boolean;
}
