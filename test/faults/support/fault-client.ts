import { randomInt } from 'node:crypto';
import type { Pool } from 'pg';
import { aCase, PEOPLE } from '../../builders/case.builder';
import type { PersonClient } from '../../e2e/support/http-client';
import { eventually } from '../../e2e/support/eventually';

export const JURISDICTION = 'u-county-x';
export { PEOPLE };

export interface Answer {
  status: number;
  body: { code?: string } & Record<string, unknown>;
}

/**
 * What a careful client does: the same request with the same Idempotency-Key again while the answer is
 * "not now" (503, a key still in progress, no answer at all), until the server gives a final one.
 */
export function untilFinal(
  send: () => Promise<Answer>,
  what: string,
  timeoutMs = 120_000,
  attempts: string[] = [],
): Promise<Answer> {
  let last = 'no answer yet';
  return eventually(
    async () => {
      const answer = await send().catch((error: unknown) => {
        last = `no answer: ${String(error)}`;
        attempts.push(last);
        return undefined;
      });
      if (!answer) return undefined;
      last = `${answer.status} ${JSON.stringify(answer.body)}`;
      attempts.push(`${answer.status} ${answer.body.code ?? ''} ${String(answer.body.detail ?? '')}`);
      if (answer.status === 503 || answer.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS') return undefined;
      return answer;
    },
    what,
    timeoutMs,
    () => last,
  );
}

export function decision(taskVersion: number, outcome = 'REGISTERED') {
  return { taskVersion, outcome, comment: `fault test: ${outcome}`, basis: [{ regulation: 'WR', article: '1' }] };
}

/**
 * Opens a case as its case-management officer and waits for its intake task in their inbox. On the
 * compressed policy (one calendar day = 2 s) its deadline falls due within the test.
 */
export async function openCaseWithIntake(
  cmo: PersonClient,
  policyVersion?: string,
  caseNo = `2026-${randomInt(100_000, 900_000)}`,
): Promise<{ caseId: string; taskId: string; version: number; dueAt: string }> {
  let builder = aCase().withCaseNo(caseNo);
  if (policyVersion) builder = builder.withPolicy(policyVersion);
  // Case numbers outside the builder's range; each fault file has its own Temporal, but be unambiguous.
  const { openedBy: _o, requestKey: _r, ...body } = builder.build();
  const { caseId } = await cmo.openCase(body);
  const task = await cmo.findInInbox(caseId, 'intake', 'decision', 60_000);
  return { caseId, taskId: task.taskId, version: task.version, dueAt: task.dueAt };
}

/** How many DECISION_RECORDED audit entries each task has. */
export async function decisionsRecorded(pool: Pool, taskIds: string[]): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ task_id: string; n: string }>(
    `SELECT after->>'taskId' AS task_id, count(*) AS n FROM audit_entries
      WHERE action = 'DECISION_RECORDED' AND after->>'taskId' = ANY($1) GROUP BY 1`,
    [taskIds],
  );
  return Object.fromEntries(taskIds.map((id) => [id, Number(rows.find((r) => r.task_id === id)?.n ?? 0)]));
}
