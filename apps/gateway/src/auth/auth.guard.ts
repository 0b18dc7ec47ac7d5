import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import { DIRECTORY, type Directory } from './directory';
import type { GatewayRequest } from './principal';
import { PUBLIC_ROUTE } from './public.decorator';
import { ACCEPTS_SESSION_COOKIE, sessionCookieToken } from './session-cookie';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/**
 * Global: every route needs a valid bearer token unless it is marked `@Public()`; a route marked
 * `@AcceptsSessionCookie()` also takes the token from the codec session cookie when no header is sent.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(DIRECTORY) private readonly directory: Directory,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<GatewayRequest>();
    const token = this.tokenOf(req, ctx);
    if (!token) throw new ProblemException(ProblemCode.Unauthenticated, 'send an Authorization: Bearer <token> header');
    const claims = await this.verifier.verify(token);
    req.principal = await this.directory.principalFor(claims);
    return true;
  }

  private tokenOf(req: GatewayRequest, ctx: ExecutionContext): string | undefined {
    if (req.headers.authorization !== undefined)
      return /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization)?.[1];
    const cookieAllowed = this.reflector.getAllAndOverride<boolean>(ACCEPTS_SESSION_COOKIE, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    return cookieAllowed ? sessionCookieToken(req) : undefined;
  }
}
