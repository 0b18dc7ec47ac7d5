import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemCode } from '@shuangcha/contracts/http';
import { canonicalJson } from '@shuangcha/persistence';
import { ProblemException } from '../problem/problem.exception';

/** How long a key answers retries; far longer than any client's retry loop, short enough to keep the table small. */
const KEY_TTL_HOURS = 24;

export interface IdempotentRequest {
  principalId: string;
  key: string;
  /** `METHOD /route/template`: one key cannot serve two operations. */
  route: string;
  body: unknown;
}

export interface IdempotentResult<T> {
  response: T;
  /** True when the response is the stored answer to an earlier request with this key. */
  replayed: boolean;
}

export function requestHash(principalId: string, route: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ principalId, route, body })).digest('hex');
}

/**
 * Idempotency-Key handling shared by every POST (issue 7 §4). The stored row answers retries after the
 * first success; Temporal carries the key too (workflow memo, update id), so a crash between the Temporal
 * call and the insert here still cannot apply a request twice.
 */
@Injectable()
export class IdempotencyService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async run<T>(request: IdempotentRequest, execute: (bodyHash: string) => Promise<T>): Promise<IdempotentResult<T>> {
    const bodyHash = requestHash(request.principalId, request.route, request.body);
    const stored = await this.find(request.principalId, request.key);
    if (stored) {
      if (stored.route !== request.route || stored.bodyHash !== bodyHash) throw reused(request.key);
      return { response: stored.response as T, replayed: true };
    }
    const response = await execute(bodyHash);
    await this.dataSource.query(
      `INSERT INTO idempotency_keys (principal_id, key, route, body_hash, response, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now() + make_interval(hours => $6))
       ON CONFLICT (principal_id, key) DO UPDATE
         SET route = EXCLUDED.route, body_hash = EXCLUDED.body_hash, response = EXCLUDED.response,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()`,
      [request.principalId, request.key, request.route, bodyHash, JSON.stringify(response), KEY_TTL_HOURS],
    );
    return { response, replayed: false };
  }

  private async find(
    principalId: string,
    key: string,
  ): Promise<{ route: string; bodyHash: string; response: unknown } | undefined> {
    const rows: { route: string; body_hash: string; response: unknown }[] = await this.dataSource.query(
      `SELECT route, body_hash, response FROM idempotency_keys WHERE principal_id = $1 AND key = $2 AND expires_at > now()`,
      [principalId, key],
    );
    const row = rows[0];
    return row ? { route: row.route, bodyHash: row.body_hash, response: row.response } : undefined;
  }
}

export function reused(key: string): ProblemException {
  return new ProblemException(
    ProblemCode.IdempotencyKeyReused,
    `Idempotency-Key ${key} was already used with a different request; use a new key for a new request`,
  );
}
