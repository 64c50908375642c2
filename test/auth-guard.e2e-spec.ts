import { Controller } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ApiError } from '../src/common/api-exception.filter';
import { AuthConfig } from '../src/config/app-config';
import { AccessTokensService } from '../src/modules/accounts/access-tokens.service';
import { AllowUnverified } from '../src/modules/accounts/allow-unverified.decorator';
import { AUTH_CONFIG } from '../src/modules/accounts/auth-config.provider';
import { AuthGuard } from '../src/modules/accounts/auth.guard';
import { AuthenticatedRequest } from '../src/modules/accounts/authenticated-request';
import { Public } from '../src/modules/accounts/public.decorator';
import { RequireRole } from '../src/modules/accounts/roles.decorator';
import {
  changeAccess,
  makeSuperuser,
  registerUser,
  setRole,
  useRegisteredUser,
} from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/** Handlers with each combination of the auth decorators, as a feature's controller would put them. */
@Controller()
class Routes {
  signedIn(): void {}
  @Public()
  open(): void {}
  @RequireRole('administrator')
  admin(): void {}
  @Public()
  @RequireRole('administrator')
  adminMarkedPublic(): void {}
  @RequireRole('editor')
  editorial(): void {}
  @AllowUnverified()
  account(): void {}
}
type Route = Exclude<keyof Routes, 'constructor'>;

/**
 * The global guard's decisions at the service level: the real guard, tokens issued and checked on a real
 * PostgreSQL, and the execution context Nest gives it for a handler of a controller.
 */
describe('AuthGuard decisions (service level, real PostgreSQL)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const user = useRegisteredUser(t);
  let tokens: AccessTokensService;
  let guard: AuthGuard;
  let verifiedOnly: AuthGuard;

  beforeAll(() => {
    tokens = t.app.get(AccessTokensService);
    const config = t.app.get<AuthConfig>(AUTH_CONFIG);
    const reflector = t.app.get(Reflector);
    guard = new AuthGuard(reflector, tokens, config);
    verifiedOnly = new AuthGuard(reflector, tokens, { ...config, requireVerified: true });
  });

  function requestTo(authorization?: string, method = 'POST'): AuthenticatedRequest {
    return { headers: { authorization }, method, ip: '127.0.0.1' };
  }

  async function decide(
    route: Route,
    request: AuthenticatedRequest,
    on: AuthGuard = guard,
  ): Promise<true | { status: number; body: unknown }> {
    const handler = Routes.prototype[route];
    const context = new ExecutionContextHost([request, {}, undefined], Routes, handler);
    context.setType('http');
    try {
      return (await on.canActivate(context)) as true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { status: error.getStatus(), body: error.getResponse() };
    }
  }

  const refused = (status: number, field: string, message: string) => ({
    status,
    body: { errors: { [field]: [message] } },
  });

  it('a route that needs a token: missing 401, malformed 401, valid passes with the user attached', async () => {
    await expect(decide('signedIn', requestTo())).resolves.toEqual(
      refused(401, 'token', 'is missing'),
    );
    await expect(decide('signedIn', requestTo('Token'))).resolves.toEqual(
      refused(401, 'token', 'is invalid'),
    );
    await expect(decide('signedIn', requestTo(`Basic ${user.token}`))).resolves.toEqual(
      refused(401, 'token', 'is invalid'),
    );
    const request = requestTo(`Bearer ${user.token}`);
    await expect(decide('signedIn', request)).resolves.toBe(true);
    expect(request.authUser).toMatchObject({ id: user.id, username: user.username });
    expect(request.authToken).toBe(user.token);
  });

  it('a public route lets anyone through; a valid token names the reader, an invalid one is ignored', async () => {
    const anonymous = requestTo();
    await expect(decide('open', anonymous)).resolves.toBe(true);
    expect(anonymous.authUser).toBeUndefined();
    const invalid = requestTo('Token not-a-token');
    await expect(decide('open', invalid)).resolves.toBe(true);
    expect(invalid.authUser).toBeUndefined();
    const known = requestTo(`Token ${user.token}`);
    await expect(decide('open', known)).resolves.toBe(true);
    expect(known.authUser?.id).toBe(user.id);
  });

  it('an expired token is 401 expired; a revoked one and a deactivated user’s are 401 invalid', async () => {
    const expiring = await tokens.issue(user.id);
    await changeAccess(
      t,
      "UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND id = (SELECT max(id) FROM access_tokens WHERE user_id = $1)",
      [user.id],
    );
    await expect(decide('signedIn', requestTo(`Token ${expiring}`))).resolves.toEqual(
      refused(401, 'token', 'is expired'),
    );

    const revoked = await tokens.issue(user.id);
    const { tokenId } = await tokens.authenticate(revoked);
    await tokens.revoke(tokenId);
    await expect(decide('signedIn', requestTo(`Token ${revoked}`))).resolves.toEqual(
      refused(401, 'token', 'is invalid'),
    );

    const leaving = await registerUser(t);
    await changeAccess(t, 'UPDATE users SET is_active = false WHERE id = $1', [leaving.id]);
    await expect(decide('signedIn', requestTo(`Token ${leaving.token}`))).resolves.toEqual(
      refused(401, 'token', 'is invalid'),
    );
    await expect(decide('open', requestTo(`Token ${leaving.token}`))).resolves.toBe(true);
  });

  it('administrator-only routes: 403 for a user, open to an administrator, and @Public() never opens them', async () => {
    await expect(decide('admin', requestTo(`Token ${user.token}`))).resolves.toEqual(
      refused(403, 'user', 'must be an administrator'),
    );
    await expect(decide('adminMarkedPublic', requestTo())).resolves.toEqual(
      refused(401, 'token', 'is missing'),
    );
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    await expect(decide('admin', requestTo(`Token ${admin.token}`))).resolves.toBe(true);
    await expect(decide('adminMarkedPublic', requestTo(`Token ${admin.token}`))).resolves.toBe(
      true,
    );
  });

  it('@RequireRole(role) lets in that role and the stronger ones, from the role read with the token', async () => {
    const someone = await registerUser(t);
    const decideAs = () => decide('editorial', requestTo(`Token ${someone.token}`));
    const refusal = refused(403, 'user', 'must be an editor or administrator');
    await expect(decideAs()).resolves.toEqual(refusal);
    for (const role of ['contributor', 'author'] as const) {
      await setRole(t, someone.id, role);
      await expect(decideAs()).resolves.toEqual(refusal);
    }
    for (const role of ['editor', 'administrator'] as const) {
      await setRole(t, someone.id, role);
      await expect(decideAs()).resolves.toBe(true);
    }
    await setRole(t, someone.id, 'editor');
    await expect(decide('admin', requestTo(`Token ${someone.token}`))).resolves.toEqual(
      refused(403, 'user', 'must be an administrator'),
    );
  });

  it('with verification required, an unverified user reads and manages the account but writes nothing else', async () => {
    const unverified = requestTo(`Token ${user.token}`);
    await expect(decide('signedIn', unverified, verifiedOnly)).resolves.toEqual(
      refused(403, 'email', 'must be verified first'),
    );
    await expect(
      decide('signedIn', requestTo(`Token ${user.token}`, 'GET'), verifiedOnly),
    ).resolves.toBe(true);
    await expect(decide('account', requestTo(`Token ${user.token}`), verifiedOnly)).resolves.toBe(
      true,
    );
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [user.id]);
    await expect(decide('signedIn', requestTo(`Token ${user.token}`), verifiedOnly)).resolves.toBe(
      true,
    );
  });
});
