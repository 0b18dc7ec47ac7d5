import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { ProblemCode } from '@shuangcha/contracts/http';
import { canonicalJson } from '@shuangcha/persistence';
import { onCase, ProblemException } from '../problem/problem.exception';

/** How long a key answers retries; far longer than any client's retry loop, short enough to keep the table small. */
const KEY_TTL_HOURS = 24;
/**
 * How long a reservation blocks the key unless renewed. The gateway that holds it renews it every
 * LEASE_RENEWAL_MS while the request runs, however long that is (an upload, a slow Update); a reservation
 * left by a gateway that died frees itself within the lease, so the client's retry on another instance is
 * served in seconds. The retry that takes over reaches Temporal with the same update id (or workflow
 * memo), so it still cannot apply the request twice.
 */
const RESERVATION_LEASE_SECONDS = 15;
const LEASE_RENEWAL_MS = 5_000;
const IN_PROGRESS_RETRY_AFTER_S = 1;
const DATABASE_RETRY_AFTER_S = 5;

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

/** What a request runs with: the hash its retries must match, and the id Temporal deduplicates it by. */
export interface IdempotentExecution {
  bodyHash: string;
  /** Workflow Update id or memo value: distinct per (caller, route, key), never the raw key. */
  requestId: string;
}

/** One Workflow Update sent under an Idempotency-Key. */
export interface IdempotentUpdate<Ret, Arg> extends IdempotentRequest {
  /** The case (or problem list) whose audit chain records a rejection. */
  caseId: string;
  workflowId: string;
  update: UpdateDefinition<Ret, [Arg]>;
  arg: Arg;
  /** Answer when the target workflow does not exist (default: the classifier's CASE_NOT_FOUND). */
  whenMissing?: () => ProblemException;
}

export function requestHash(principalId: string, route: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ principalId, route, body })).digest('hex');
}

/**
 * Temporal answers a repeated update id with the first result, whoever sends it; scoping the id to the
 * caller and the route keeps one person's key from ever answering another person's request.
 */
export function requestIdFor(principalId: string, route: string, key: string): string {
  return createHash('sha256').update(canonicalJson({ principalId, route, key })).digest('hex');
}

interface StoredKey {
  route: string;
  body_hash: string;
  response: unknown;
  completed_at: Date | null;
}

/**
 * Idempotency-Key handling shared by every POST. The key is reserved before the request runs, so a
 * concurrent request with the same key gets 409 (same body) or 422 (another body) instead of running too;
 * the stored response answers retries after the first success. A request that fails releases its key: a
 * retry then runs again, and Temporal's update id (or workflow memo) keeps it from applying twice.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly client: Client,
  ) {}

  async run<T>(
    request: IdempotentRequest,
    execute: (execution: IdempotentExecution) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const bodyHash = requestHash(request.principalId, request.route, request.body);
    if (!(await this.reserve(request, bodyHash))) return this.answerFromStored(request, bodyHash);
    const renewal = setInterval(
      () =>
        void this.renew(request, bodyHash).catch((renewError: unknown) =>
          this.logger.warn({ err: renewError, route: request.route }, 'could not renew an Idempotency-Key lease'),
        ),
      LEASE_RENEWAL_MS,
    );
    renewal.unref();
    let response: T;
    try {
      response = await execute({ bodyHash, requestId: requestIdFor(request.principalId, request.route, request.key) });
    } catch (error) {
      await this.release(request, bodyHash).catch((releaseError: unknown) =>
        this.logger.error({ err: releaseError, route: request.route }, 'could not release an Idempotency-Key'),
      );
      throw error;
    } finally {
      clearInterval(renewal);
    }
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET response = $4::jsonb, completed_at = now(), expires_at = now() + make_interval(hours => $5)
        WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [request.principalId, request.key, bodyHash, JSON.stringify(response), KEY_TTL_HOURS],
    );
    return { response, replayed: false };
  }

  /** Sends one Update to `workflowId` under the request's key; rejections are audited on `caseId`'s chain. */
  update<Ret, Arg>(request: IdempotentUpdate<Ret, Arg>): Promise<IdempotentResult<Ret>> {
    return this.run(request, ({ requestId }) =>
      onCase(request.caseId, async () => {
        try {
          return await this.client.workflow
            .getHandle(request.workflowId)
            .executeUpdate(request.update, { args: [request.arg], updateId: requestId });
        } catch (error) {
          if (request.whenMissing && error instanceof WorkflowNotFoundError) throw request.whenMissing();
          if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError && !(await this.databaseAnswers())) {
            throw waitingForDatabase(request.key);
          }
          throw error;
        }
      }),
    );
  }

  /**
   * An Update that does not complete in time while the database is gone is, as a rule, one whose workflow
   * waits to persist it: the caller must hear that the database is the part that is down.
   */
  private async databaseAnswers(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
  }

  /** True when this request now holds the key; an expired row (answer or lease) is taken over in place. */
  private async reserve(request: IdempotentRequest, bodyHash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (principal_id, key, route, body_hash, response, completed_at, expires_at)
       VALUES ($1, $2, $3, $4, NULL, NULL, now() + make_interval(secs => $5))
       ON CONFLICT (principal_id, key) DO UPDATE
         SET route = EXCLUDED.route, body_hash = EXCLUDED.body_hash, response = NULL, completed_at = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING key`,
      [request.principalId, request.key, request.route, bodyHash, RESERVATION_LEASE_SECONDS],
    );
    return rows.length === 1;
  }

  private async renew(request: IdempotentRequest, bodyHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() + make_interval(secs => $4)
        WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [request.principalId, request.key, bodyHash, RESERVATION_LEASE_SECONDS],
    );
  }

  private async release(request: IdempotentRequest, bodyHash: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [request.principalId, request.key, bodyHash],
    );
  }

  private async answerFromStored<T>(request: IdempotentRequest, bodyHash: string): Promise<IdempotentResult<T>> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT route, body_hash, response, completed_at FROM idempotency_keys WHERE principal_id = $1 AND key = $2`,
      [request.principalId, request.key],
    );
    const stored = rows[0];
    if (stored && (stored.route !== request.route || stored.body_hash !== bodyHash)) throw reused(request.key);
    if (!stored?.completed_at) throw inProgress(request.key);
    return { response: stored.response as T, replayed: true };
  }
}

export function reused(key: string): ProblemException {
  return new ProblemException(
    ProblemCode.IdempotencyKeyReused,
    `Idempotency-Key ${key} was already used with a different request; use a new key for a new request`,
  );
}

function waitingForDatabase(key: string): ProblemException {
  return new ProblemException(
    ProblemCode.DatabaseUnavailable,
    `the database cannot be reached; the request reached the workflow engine and may still take effect once the database returns, so retry it with Idempotency-Key ${key}`,
    { retryAfter: DATABASE_RETRY_AFTER_S },
  );
}

function inProgress(key: string): ProblemException {
  return new ProblemException(
    ProblemCode.IdempotencyKeyInProgress,
    `a request with Idempotency-Key ${key} is still running; retry to get its answer`,
    { retryAfter: IN_PROGRESS_RETRY_AFTER_S },
  );
}
