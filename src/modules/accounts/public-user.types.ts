import { ApiProperty } from '@nestjs/swagger';

/**
 * The fields every view of a user shows, whoever reads it: the profile others see, the account its
 * owner sees, the row a superuser sees. Each view extends it with what its reader may know.
 */
export class PublicUserDto {
  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true })
  image: string | null;
}
