import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { READ_ONLY_METHODS } from '../../../libs/database/request-transaction.interceptor';
import { ApiError } from '../../common/api-exception.filter';
import { AuthConfig } from '../../config/app-config';
import { AccessTokensService } from './access-tokens.service';
import { ALLOW_UNVERIFIED } from './allow-unverified.decorator';
import { AUTH_CONFIG } from './auth-config.provider';
import { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLE } from './roles.decorator';
import { hasRole, rolesFrom, StaffRole } from './staff-roles.types';

/** `Token <t>` (RealWorld) or `Bearer <t>`; null when absent, '' when present but malformed. */
export function readToken(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? (header[0] ?? '') : header;
  const match = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(value.trim());
  return match ? match[1] : '';
}

/**
 * The global guard: every route needs a valid token unless it is @Public(); on public routes a valid
 * token still identifies the reader, and an invalid one is ignored (the reader is anonymous).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = readToken(request.headers.authorization);
    const requiredRole = this.reflector.getAllAndOverride<StaffRole | undefined>(
      REQUIRED_ROLE,
      targets,
    );
    // @RequireRole() wins over @Public(), wherever each is put.
    if (!requiredRole && this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      if (token) {
        await this.attach(request, token).catch((error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
        });
      }
      return true;
    }
    if (token === null) throw new ApiError(401, { token: 'is missing' });
    if (token === '') throw new ApiError(401, { token: 'is invalid' });
    const user = await this.attach(request, token);
    if (requiredRole && !hasRole(user.role, requiredRole)) {
      throw new ApiError(403, { user: `must be ${rolesFrom(requiredRole)}` });
    }
    if (
      this.config.requireVerified &&
      !user.isVerified &&
      !READ_ONLY_METHODS.has(request.method) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_UNVERIFIED, targets)
    ) {
      throw new ApiError(403, { email: 'must be verified first' });
    }
    return true;
  }

  private async attach(request: AuthenticatedRequest, token: string) {
    const { user, tokenId } = await this.tokens.authenticate(token);
    request.authUser = user;
    request.authToken = token;
    request.authTokenId = tokenId;
    return user;
  }
}
