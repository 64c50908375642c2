import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { ApiError } from '../api-exception.filter';
import { normalizedEmail } from '../email-address';
import { clientNetwork } from './client-network';
import { RATE_LIMIT_CONFIG, RateLimitConfig } from './rate-limit-config.provider';
import { RATE_LIMIT, RateLimitedRequest, RateLimitOptions } from './rate-limit-options';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit-store';

interface ReplyLike {
  header(name: string, value: string): unknown;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');

  constructor(
    private readonly reflector: Reflector,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.get<RateLimitOptions | undefined>(
      RATE_LIMIT,
      context.getHandler(),
    );
    const settings = this.config.settings;
    if (!options || !settings.enabled) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<RateLimitedRequest>();
    if (options.when && !options.when(request)) return true;
    const rule = settings[options.action];
    const windowMs = settings.windowSeconds * 1000;
    const prefix = `${settings.keyPrefix}${options.action}:`;
    const checks: [string, number][] = [[`${prefix}ip:${clientNetwork(request.ip)}`, rule.perIp]];
    const account = options.account(request);
    if (typeof account === 'string' && account.trim()) {
      // Emails never reach the store in clear; one address, however it was typed, is one counter.
      const key = normalizedEmail(account).toLowerCase();
      const digest = createHash('sha256').update(key).digest('hex');
      checks.push([`${prefix}account:${digest}`, rule.perAccount]);
    }
    let retryInMs = 0;
    try {
      for (const [key, limit] of checks) {
        const { count, resetInMs } = await this.store.hit(key, windowMs);
        if (count > limit) retryInMs = Math.max(retryInMs, resetInMs);
      }
    } catch (error) {
      // An unreachable store must not lock everyone out of their accounts: let the request through.
      this.logger.error(`Rate limit store failed, request allowed: ${(error as Error).message}`);
      return true;
    }
    if (retryInMs > 0) {
      const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
      http.getResponse<ReplyLike>().header('Retry-After', String(seconds));
      throw new ApiError(429, { rateLimit: `too many attempts, try again in ${seconds} s` });
    }
    return true;
  }
}
