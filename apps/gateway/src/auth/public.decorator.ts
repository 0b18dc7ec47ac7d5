import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'shuangcha:public';
/** Read by the OpenAPI builder, which turns it into `security: []` for the operation. */
export const PUBLIC_EXTENSION = 'x-shuangcha-public';

/** Opts a route out of authentication (health probes, the dev token endpoint). It is its access rule. */
export const Public = (): MethodDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true)) as MethodDecorator;
