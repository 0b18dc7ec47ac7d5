import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { retryUnprocessed } from './idempotency.service';

const rejected = (type: string) =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, nonRetryable: true }));

describe('retryUnprocessed', () => {
  it('sends an Update the worker left unprocessed again, under the same call, until it is answered', async () => {
    const answers: (() => Promise<string>)[] = [
      () => Promise.reject(rejected('UnprocessedUpdate')),
      () => Promise.reject(rejected('UnprocessedUpdate')),
      () => Promise.resolve('decided'),
    ];
    let calls = 0;
    await expect(retryUnprocessed(() => answers[calls++]())).resolves.toBe('decided');
    expect(calls).toBe(3);
  });

  it('passes a rejection by the case on at once: it was processed, and refused', async () => {
    let calls = 0;
    const refusal = rejected('DUPLICATE_DECISION');
    await expect(
      retryUnprocessed(() => {
        calls += 1;
        return Promise.reject(refusal);
      }),
    ).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('gives up after its attempts and passes the last rejection on', async () => {
    let calls = 0;
    await expect(
      retryUnprocessed(() => {
        calls += 1;
        return Promise.reject(rejected('UnprocessedUpdate'));
      }, 3),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(calls).toBe(3);
  });
});
