import { ApiProperty } from '@nestjs/swagger';
import { ProfileDto } from '../profile.types';

export class ProfileResponseDto {
  @ApiProperty({ type: ProfileDto })
  profile: ProfileDto;
}
