import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import { DIRECTORY, type Directory } from './directory';
import type { GatewayRequest } from './principal';
import { PUBLIC_ROUTE } from './public.decorator';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/** Global: every route needs a valid bearer token unless it is marked `@Public()`. */
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
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    if (!match) throw new ProblemException(ProblemCode.Unauthenticated, 'send an Authorization: Bearer <token> header');
    const claims = await this.verifier.verify(match[1]);
    req.principal = await this.directory.principalFor(claims);
    return true;
  }
}
