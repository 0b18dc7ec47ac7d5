import { useState } from 'react';

/**
 * One request a dialog sends: whether it is in flight and what was refused. A refusal keeps the dialog
 * open with everything typed; the next attempt clears it.
 */
export function useSubmission() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (send: () => Promise<void>): Promise<void> => {
    setSubmitting(true);
    setError(null);
    try {
      await send();
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };
  return { submitting, error, setError, run };
}

/** The basis articles of a decision form as the API takes them: an empty revision is left out. */
export function basisOf(basis: { regulation: string; revision?: string; article: string }[] | undefined) {
  return (basis ?? []).map((b) => ({
    regulation: b.regulation,
    article: b.article,
    ...(b.revision ? { revision: b.revision } : {}),
  }));
}

/**
 * A task route answers 202 while the read model is away (README "Decisions while PostgreSQL is down"): the
 * workflow has taken the decision, which applies once the database is back, so there is no outcome yet.
 */
export function isAccepted(result: object): result is { taskId: string; status: 'ACCEPTED'; detail: string } {
  return 'status' in result && result.status === 'ACCEPTED';
}
