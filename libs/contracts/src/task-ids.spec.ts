import { taskIdSchema } from './http/tasks';
import { taskIdFor, workflowIdOfTask } from './task-ids';

const UUID = '4b1e9f3a-5c1d-4e8f-9a7b-2c3d4e5f6a7b';

describe('task ids that name their workflow', () => {
  it.each([
    'case-u-county-x-2026-000123',
    'case-u-county-x-2026-000123/violation',
    'case-2026-0001/trace-back/review-0b6f3c1e-5c1d-4e8f-9a7b-2c3d4e5f6a7b',
    'rectification-R-2026-7/item-a1',
  ])('finds %s again from the id, which the HTTP schema accepts', (workflowId) => {
    const taskId = taskIdFor(UUID, workflowId);
    expect(workflowIdOfTask(taskId)).toBe(workflowId);
    expect(taskIdSchema.safeParse(taskId).success).toBe(true);
  });

  it('keeps the plain id for a workflow id the format cannot carry, and finds no workflow in a plain id', () => {
    expect(taskIdFor(UUID, 'case-a~b')).toBe(`t-${UUID}`);
    expect(taskIdFor(UUID, 'case a')).toBe(`t-${UUID}`);
    expect(workflowIdOfTask(`t-${UUID}`)).toBeNull();
    expect(taskIdSchema.safeParse(`t-${UUID}`).success).toBe(true);
  });

  it('refuses ids whose workflow part is not one', () => {
    expect(workflowIdOfTask(`t-${UUID}.`)).toBeNull();
    expect(workflowIdOfTask(`t-${UUID}.~etc`)).toBeNull();
    expect(taskIdSchema.safeParse(`t-${UUID}.case/violation`).success).toBe(false);
  });
});
