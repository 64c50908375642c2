import { applyDecorators, Controller, SetMetadata } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';
import { StaffRole } from './staff-roles.types';

export const REQUIRED_ROLE = 'folio:auth:role';

/**
 * Only users with `minimum` or a stronger staff role may call the route (or every route of the
 * controller); anyone else signed in gets 403. The guard decides (AuthGuard), from the role the token
 * check already read: no query of its own.
 */
export const RequireRole = (minimum: StaffRole) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, minimum), ApiToken(), ApiErrors(403));

/** A controller of the admin area: its routes under `admin/<path>`, tagged "admin", administrators only. */
export const AdminController = (path: string) =>
  applyDecorators(Controller(`admin/${path}`), RequireRole('administrator'), ApiTags('admin'));
