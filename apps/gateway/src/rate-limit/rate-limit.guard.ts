import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { AppConfig } from '@shuangcha/config';
import { ProblemCode } from '@shuangcha/contracts/http';
import type { GatewayRequest } from '../auth/principal';
import { ProblemException } from '../problem/problem.exception';

const CLIENT = 'client';
const PERSON = 'person';

/**
 * Two counters per window, each over every route together (not per route): one per client address and one
 * per signed-in person, so neither an anonymous flood nor one busy account can stall the others.
 */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    // The problem filter sends one plain Retry-After; the library would name it per throttler.
    setHeaders: false,
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers: [
      { name: CLIENT, ttl, limit: config.RATE_LIMIT_PER_CLIENT },
      {
        name: PERSON,
        ttl,
        limit: config.RATE_LIMIT_PER_PERSON,
        getTracker: (req) => (req as GatewayRequest).principal?.personId ?? '',
        skipIf: (context) => !context.switchToHttp().getRequest<GatewayRequest>().principal,
      },
    ],
  };
}

/** Counts only its own throttler and answers a refusal as 429 problem+json with Retry-After. */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name !== this.throttlerName) return true;
    return super.handleRequest(request);
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemException(
      ProblemCode.RateLimited,
      `more than ${detail.limit} requests in ${detail.ttl / 1000} s from this ${this.throttlerName}; retry later`,
      { retryAfter: Math.max(1, detail.timeToBlockExpire) },
    );
  }
}

/** Runs before authentication: requests without a valid token are counted too. */
@Injectable()
export class ClientRateLimitGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = CLIENT;
}

/** Runs after authentication, on the person the token names. */
@Injectable()
export class PersonRateLimitGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = PERSON;
}
