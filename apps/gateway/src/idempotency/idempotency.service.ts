import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { ProblemCode, type UpdateAccepted } from '@shuangcha/contracts/http';
import { canonicalJson, IdempotencyKeys, pingDatabase } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { isDatabaseUnavailable } from '../problem/classify-error';
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
/**
 * While the database is away an accepted Update cannot complete (its workflow stores the decision before
 * it takes effect), unless it had completed before: a retry of it gets its result at once.
 */
const KNOWN_RESULT_WAIT_MS = 250;

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
  /** The key could not be reserved because the database is away (only where the caller allows running so). */
  databaseAway: boolean;
}

/**
 * The answer to a task Update the workflow accepted while the database was away: the controller sends it
 * as 202 (`AcceptedStatusInterceptor`).
 */
export class AcceptedWhileDatabaseAway {
  constructor(readonly body: UpdateAccepted) {}
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
    @Inject(IdempotencyKeys) private readonly keys: IdempotencyKeys,
    @Inject(Client) private readonly client: Client,
  ) {}

  async run<T>(
    request: IdempotentRequest,
    execute: (execution: IdempotentExecution) => Promise<T>,
    options: { unreservedWhileDatabaseAway?: boolean } = {},
  ): Promise<IdempotentResult<T>> {
    const bodyHash = requestHash(request.principalId, request.route, request.body);
    const requestId = requestIdFor(request.principalId, request.route, request.key);
    let reserved: boolean;
    try {
      reserved = await this.reserve(request, bodyHash);
    } catch (error) {
      if (!options.unreservedWhileDatabaseAway || !isDatabaseUnavailable(error)) throw error;
      // Temporal keeps an update id once per run, so the key's guarantee holds without its row; only a
      // reuse of the key with another body goes unnoticed until the database returns (README, production notes).
      this.logger.warn({ route: request.route }, 'the database is away: the Update id alone deduplicates this request');
      return { response: await execute({ bodyHash, requestId, databaseAway: true }), replayed: false };
    }
    if (!reserved) return this.answerFromStored(request, bodyHash);
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
      response = await execute({ bodyHash, requestId, databaseAway: false });
    } catch (error) {
      await this.release(request, bodyHash).catch((releaseError: unknown) =>
        this.logger.error({ err: releaseError, route: request.route }, 'could not release an Idempotency-Key'),
      );
      throw error;
    } finally {
      clearInterval(renewal);
    }
    await this.keys.complete({ principalId: request.principalId, key: request.key, bodyHash }, response, KEY_TTL_HOURS);
    return { response, replayed: false };
  }

  /** Sends one Update to `workflowId` under the request's key; rejections are audited on `caseId`'s chain. */
  update<Ret, Arg>(request: IdempotentUpdate<Ret, Arg>): Promise<IdempotentResult<Ret>> {
    return this.run(request, ({ requestId }) =>
      this.send(request, () =>
        this.client.workflow
          .getHandle(request.workflowId)
          .executeUpdate(request.update, { args: [request.arg], updateId: requestId }),
      ),
    );
  }

  /**
   * `update` of a case's (or its child's) Update as the caller sends it over HTTP: the key answers the body
   * together with the path's ids (`at`), and the Update gets the body with the token's subject as its actor.
   */
  updateAs<Ret, Body extends object>(
    principal: Principal,
    key: string,
    request: {
      route: string;
      at: { caseId: string } & Record<string, string>;
      workflowId: string;
      update: UpdateDefinition<Ret, [Body & { actorId: string }]>;
      body: Body;
    },
  ): Promise<IdempotentResult<Ret>> {
    return this.update({
      principalId: principal.personId,
      key,
      route: request.route,
      body: { ...request.at, ...request.body },
      caseId: request.at.caseId,
      workflowId: request.workflowId,
      update: request.update,
      arg: { ...request.body, actorId: principal.personId },
    });
  }

  /**
   * `update` for a task (issue 15 §2): while the database is away the key is not reserved, the Update is
   * sent under the same id, and once the workflow has accepted it (its validator passed, Temporal holds it)
   * the caller hears so, since its result waits for the database.
   */
  updateTask<Ret, Arg>(
    request: IdempotentUpdate<Ret, Arg> & { taskId: string },
  ): Promise<IdempotentResult<Ret | AcceptedWhileDatabaseAway>> {
    return this.run(
      request,
      ({ requestId, databaseAway }) =>
        this.send(request, async () => {
          const handle = this.client.workflow.getHandle(request.workflowId);
          if (!databaseAway) return handle.executeUpdate(request.update, { args: [request.arg], updateId: requestId });
          const accepted = await handle.startUpdate(request.update, {
            args: [request.arg],
            updateId: requestId,
            waitForStage: WorkflowUpdateStage.ACCEPTED,
          });
          const pending = new AcceptedWhileDatabaseAway({
            taskId: request.taskId,
            status: 'ACCEPTED',
            detail: `the workflow accepted the request; it takes effect once the database returns, and a retry with Idempotency-Key ${request.key} answers its result`,
          });
          const result = accepted.result();
          // Unless it is known already, the result is the retry's to get; this request's wait for it ends here.
          result.catch(() => undefined);
          return Promise.race([result, delay(KNOWN_RESULT_WAIT_MS).then(() => pending)]);
        }),
      { unreservedWhileDatabaseAway: true },
    );
  }

  private send<Ret, Arg>(request: IdempotentUpdate<Ret, Arg>, call: () => Promise<Ret>): Promise<Ret> {
    return onCase(request.caseId, async () => {
      try {
        return await retryUnprocessed(call);
      } catch (error) {
        if (request.whenMissing && error instanceof WorkflowNotFoundError) throw request.whenMissing();
        if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError && !(await this.databaseAnswers())) {
          throw waitingForDatabase(request.key);
        }
        throw error;
      }
    });
  }

  /**
   * An Update that does not complete in time while the database is gone is, as a rule, one whose workflow
   * waits to persist it: the caller must hear that the database is the part that is down.
   */
  private async databaseAnswers(): Promise<boolean> {
    return pingDatabase(this.dataSource).then(
      () => true,
      () => false,
    );
  }

  /** True when this request now holds the key; an expired row (answer or lease) is taken over in place. */
  private reserve(request: IdempotentRequest, bodyHash: string): Promise<boolean> {
    return this.keys.reserve(
      { principalId: request.principalId, key: request.key, route: request.route, bodyHash },
      RESERVATION_LEASE_SECONDS,
    );
  }

  private renew(request: IdempotentRequest, bodyHash: string): Promise<void> {
    return this.keys.renew({ principalId: request.principalId, key: request.key, bodyHash }, RESERVATION_LEASE_SECONDS);
  }

  private release(request: IdempotentRequest, bodyHash: string): Promise<void> {
    return this.keys.release({ principalId: request.principalId, key: request.key, bodyHash });
  }

  private async answerFromStored<T>(request: IdempotentRequest, bodyHash: string): Promise<IdempotentResult<T>> {
    const stored = await this.keys.stored(request.principalId, request.key);
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

/**
 * Temporal rejects an Update that a completed workflow task carried but the worker did not answer
 * (`UnprocessedUpdate`), as it can when the task closed while a local activity ran; seen under 20 racing
 * decisions on one task. Nothing was accepted, so sending it again under the same Update id is safe.
 */
export async function retryUnprocessed<T>(call: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isUnprocessedUpdate(error)) throw error;
      await delay(50 * 2 ** attempt);
    }
  }
}

function isUnprocessedUpdate(error: unknown): boolean {
  if (!(error instanceof WorkflowUpdateFailedError)) return false;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === 'UnprocessedUpdate';
}
