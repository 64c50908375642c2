import { applyDecorators, Controller, SetMetadata } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';

export const SUPERUSER_ONLY = 'folio:auth:superuser';

/** Only superusers may call the route (or every route of the controller); anyone else gets 403. */
export const SuperuserOnly = () =>
  applyDecorators(SetMetadata(SUPERUSER_ONLY, true), ApiToken(), ApiErrors(403));

/** A controller of the admin area: its routes under `admin/<path>`, tagged "admin", superusers only. */
export const AdminController = (path: string) =>
  applyDecorators(Controller(`admin/${path}`), SuperuserOnly(), ApiTags('admin'));
