import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `GET /api/admin/users?email=&username=&active=&verified=&limit=&offset=` */
export class ListUsersQuery {
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  username?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  verified?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  offset?: number;
}

export class AdminUserChanges {
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  isActive?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  isVerified?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  isSuperuser?: boolean;
}

export class PatchUserDto {
  @IsDefined({ message: "can't be blank" })
  @IsObject({ message: 'is invalid' })
  @ValidateNested()
  @Type(() => AdminUserChanges)
  user: AdminUserChanges;
}

/** An account as superusers see it: the flags and dates, never the password hash. */
export interface AdminUserView {
  id: number;
  email: string;
  username: string;
  bio: string | null;
  image: string | null;
  isActive: boolean;
  isVerified: boolean;
  isSuperuser: boolean;
  createdAt: Date;
  updatedAt: Date;
}
