import { z } from 'zod';
import { personId } from './ids';
import { safeText } from './safe-text';

const taskId = safeText(80).min(1);

/** Who asks for something on a task, whatever its version (an extension, a suspension, a reassignment). */
export const taskRequest = { taskId, actorId: personId };

/**
 * Who acts on which task, at the version they saw: an action on an older version is stale and rejected. The
 * head of every Update that acts on a versioned task (decisions, replacements, re-checks).
 */
export const versionedTaskAction = {
  taskId,
  taskVersion: z.number().int().min(1),
  actorId: personId,
};
