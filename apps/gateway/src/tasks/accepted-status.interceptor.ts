import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { AcceptedWhileDatabaseAway } from '../idempotency/idempotency.service';

/** A task Update the workflow accepted while the database was away is answered 202, not 200 (issue 15 §2). */
@Injectable()
export class AcceptedStatusInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof AcceptedWhileDatabaseAway)) return value;
        ctx.switchToHttp().getResponse<Response>().status(202);
        return value.body;
      }),
    );
  }
}
