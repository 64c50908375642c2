import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-hasher';
import { EmailField, PasswordField, UsernameField } from './user-fields';

export class NewUser {
  @ApiProperty({ example: 'jake', maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
  @UsernameField()
  username: string;

  @ApiProperty({ example: 'jake@jake.jake', maxLength: 254 })
  @EmailField()
  email: string;

  @ApiProperty({
    example: 'jakejakejake',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @PasswordField()
  password: string;
}

export class RegisterUserDto {
  @ApiProperty({ type: NewUser })
  @IsDefined({ message: "can't be blank" })
  @IsObject({ message: 'is invalid' })
  @ValidateNested()
  @Type(() => NewUser)
  user: NewUser;
}
