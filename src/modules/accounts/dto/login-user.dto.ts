import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, MaxLength, ValidateNested } from 'class-validator';
import { RequiredString } from './user-fields';

export class LoginCredentials {
  @ApiProperty({ example: 'jake@jake.jake', maxLength: 254 })
  @RequiredString()
  @MaxLength(254, { message: 'is too long (maximum is 254 characters)' })
  email: string;

  // No length rules at login: a wrong password is "credentials invalid", whatever its length.
  @ApiProperty({ example: 'jakejakejake' })
  @RequiredString()
  @MaxLength(1024, { message: 'is too long' })
  password: string;
}

export class LoginUserDto {
  @ApiProperty({ type: LoginCredentials })
  @IsDefined({ message: "can't be blank" })
  @IsObject({ message: 'is invalid' })
  @ValidateNested()
  @Type(() => LoginCredentials)
  user: LoginCredentials;
}
