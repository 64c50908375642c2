import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination-query.dto';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `GET /api/admin/users?email=&username=&active=&verified=&limit=&offset=`, paged as every list. */
export class ListUsersQuery extends PaginationQueryDto {
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
