import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import { problemSchema } from '@shuangcha/contracts/http';
import { PUBLIC_EXTENSION } from '../auth/public.decorator';
import { PROBLEM_SCHEMA_REF } from './api-problem.decorator';
import * as dtos from './dtos';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
});

/** Problems any route can answer with; a route documents its specific ones with `@ApiProblem`. */
function addCommonProblems(operation: Operation, hasBody: boolean, isPublic: boolean): void {
  const responses = operation.responses;
  const add = (status: string, description: string) => {
    responses[status] ??= problemResponse(description);
  };
  if (hasBody) {
    add('400', 'VALIDATION_FAILED (with `errors[]`), MALFORMED_JSON or IDEMPOTENCY_KEY_REQUIRED');
    add('413', 'PAYLOAD_TOO_LARGE');
  } else if ((operation.parameters ?? []).length > 0) {
    add('400', 'VALIDATION_FAILED (with `errors[]`)');
  }
  if (hasBody) {
    add('409', 'IDEMPOTENCY_KEY_IN_PROGRESS (with Retry-After): a request with this key is still running');
    add('422', 'IDEMPOTENCY_KEY_REUSED: the key was used before with a different request');
  }
  if (!isPublic) {
    add('401', 'UNAUTHENTICATED: missing, expired, forged or wrongly signed token');
    add('403', "FORBIDDEN: the caller's roles do not allow this route");
  }
  add('429', 'RATE_LIMITED (with Retry-After): too many requests from this client or person');
  add('500', 'INTERNAL: logged with the traceId');
  add('503', 'TEMPORAL_UNAVAILABLE (with Retry-After)');
}

function problemJsonSchema(): Record<string, unknown> {
  const {
    $schema: _dialect,
    id: _id,
    ...schema
  } = z.toJSONSchema(problemSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  // The schema's own id makes zod emit `{ $ref: '#/$defs/Problem', $defs }`, a reference no OpenAPI
  // reader can resolve from components.schemas.Problem (schemathesis skipped every problem response).
  const defs = schema.$defs as Record<string, Record<string, unknown>> | undefined;
  if (schema.$ref === '#/$defs/Problem' && defs?.Problem) {
    const { Problem: problem, ...others } = defs;
    return Object.keys(others).length > 0 ? { ...problem, $defs: others } : problem;
  }
  return schema;
}

/**
 * Swagger reads a DTO's own top-level properties from decorator metadata, where zod's `type: [string, null]`
 * becomes "array of string": a nullable field then answers `null` against a schema that says array. The
 * nullable top-level properties of every DTO are written again from zod itself.
 */
function restoreNullableProperties(schemas: Record<string, unknown>): void {
  for (const [name, dto] of Object.entries(dtos)) {
    const schema = (dto as { schema?: unknown }).schema;
    const target = (schemas[name] as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!(schema instanceof z.ZodObject) || !target) continue;
    for (const [key, property] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (!(property instanceof z.ZodNullable) || !(key in target)) continue;
      const { $schema: _dialect, ...json } = z.toJSONSchema(property, { unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      if (!('$defs' in json) && !('$ref' in json)) target[key] = json;
    }
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Shuangcha gateway')
    .setDescription(
      'Accountability cases (一案双查) on Temporal. Every error is RFC 9457 application/problem+json with a stable `code`. ' +
        'Every POST needs an Idempotency-Key. Local stack: get a bearer token from POST /dev/tokens (AUTH_MODE=dev only).',
    )
    .setVersion('0.1.0')
    // 3.1: JSON Schema 2020-12 as zod emits it, so nullable fields stay `anyOf [..., null]` without a lossy down-conversion.
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const doc = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  doc.components ??= {};
  doc.components.schemas = {
    ...doc.components.schemas,
    Problem: problemJsonSchema() as never,
  };
  restoreNullableProperties(doc.components.schemas as Record<string, unknown>);
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const extended = operation as Operation & Record<string, unknown>;
      const isPublic = extended[PUBLIC_EXTENSION] === true;
      if (isPublic) {
        delete extended[PUBLIC_EXTENSION];
        operation.security = [];
      }
      addCommonProblems(operation, Boolean(operation.requestBody), isPublic);
    }
  }
  return doc;
}
