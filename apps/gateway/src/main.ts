import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { ConfigError, loadConfig, startTracing, type AppConfig } from '@shuangcha/config';
import { ProblemCode } from '@shuangcha/contracts/http';
import { AppModule, requestIdOf } from './app.module';
import { codecCors } from './codec/codec-cors';
import { mountConsole } from './console/console-site';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { ProblemException } from './problem/problem.exception';
import { temporalRequestDeadline } from './temporal/temporal-deadline';
import { httpSpans } from './tracing/http-spans';

export interface GatewayAppOptions {
  /** Build the module graph without instantiating providers (OpenAPI generation needs no database). */
  preview?: boolean;
}

/**
 * body-parser errors happen before Nest routing; turning them into problems here lets the one problem
 * filter render them (Nest would otherwise reduce a malformed-JSON SyntaxError to a bare 400).
 */
function bodyParserProblems(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return next(new ProblemException(ProblemCode.MalformedJson, 'the body is not valid JSON'));
    case 'entity.too.large':
      return next(new ProblemException(ProblemCode.PayloadTooLarge, 'the body exceeds the configured limit'));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(new ProblemException(ProblemCode.UnsupportedMediaType, 'send UTF-8 application/json'));
    default:
      return next(err);
  }
}

/** The gateway, initialised but not listening: tests drive it with supertest, `bootstrap` listens. */
export async function createGatewayApp(
  config: AppConfig,
  options: GatewayAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    preview: options.preview ?? false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', config.GATEWAY_TRUST_PROXY_HOPS);
  // Before everything else, so body parsing and every guard run inside the request's span.
  app.use(httpSpans());
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdOf(req, res);
    next();
  });
  // First, so every answer counts, the body parser's 413s included.
  if (!options.preview) app.use(app.get(GatewayMetrics).httpMiddleware());
  // Before authentication: a browser's preflight carries no token.
  app.use('/codec', codecCors(new URL(config.TEMPORAL_UI_URL).origin));
  app.useBodyParser('json', { limit: config.GATEWAY_BODY_LIMIT });
  app.use(bodyParserProblems);
  if (!options.preview) {
    app.use(temporalRequestDeadline(app.get(Connection), config.TEMPORAL_CALL_TIMEOUT_MS));
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    // Built on the first request for /docs or /openapi.json (Swagger keeps it), not at start: it walks every
    // route and converts every zod schema, about a fifth of the gateway's start in CPU.
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
      jsonDocumentUrl: 'openapi.json',
      raw: ['json'],
    });
    mountConsole(app, config);
  }
  await app.init();
  return app;
}

export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<NestExpressApplication> {
  const config = loadConfig(env);
  // Before the app exists: the Temporal client and the request spans take the global tracer.
  startTracing(config, 'shuangcha-gateway', pino({ name: 'gateway', level: config.LOG_LEVEL }));
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  const url = `http://${config.GATEWAY_HOST}:${config.GATEWAY_PORT}`;
  new NestLogger('Gateway').log(
    {
      url,
      docs: `${url}/docs`,
      openapi: `${url}/openapi.json`,
      console: `${url}/console/`,
      authMode: config.AUTH_MODE,
    },
    `gateway listening on ${url}`,
  );
  return app;
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    // Before Nest's logger exists (bad config, unreachable database): plain pino to stderr, then exit.
    const logger = pino({ name: 'gateway' }, pino.destination(2));
    if (error instanceof ConfigError) logger.fatal({ problems: error.problems }, error.message);
    else logger.fatal({ err: error }, 'gateway failed to start');
    process.exitCode = 1;
  });
}
