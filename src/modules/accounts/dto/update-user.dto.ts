import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EmailField, PasswordField, UsernameField } from './user-fields';

/** Absent fields stay as they are; email, username and password cannot be null, bio and image can. */
export class UserChanges {
  @ValidateIf((o: UserChanges) => o.email !== undefined)
  @EmailField()
  email?: string;

  @ValidateIf((o: UserChanges) => o.username !== undefined)
  @UsernameField()
  username?: string;

  @ValidateIf((o: UserChanges) => o.password !== undefined)
  @PasswordField()
  password?: string;

  @IsOptional()
  @IsString({ message: 'is invalid' })
  @MaxLength(10_000, { message: 'is too long (maximum is 10000 characters)' })
  bio?: string | null;

  @IsOptional()
  @IsString({ message: 'is invalid' })
  @MaxLength(2048, { message: 'is too long (maximum is 2048 characters)' })
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'must be an http(s) URL' })
  image?: string | null;
}

export class UpdateUserDto {
  @IsDefined({ message: "can't be blank" })
  @IsObject({ message: 'is invalid' })
  @ValidateNested()
  @Type(() => UserChanges)
  user: UserChanges;
}
