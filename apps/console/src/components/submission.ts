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
