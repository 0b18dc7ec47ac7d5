import { personIdsIn } from './people-map.service';

describe('personIdsIn', () => {
  it('collects person-shaped ids under id keys at any depth, and nothing from text or Temporal ids', () => {
    const response = {
      view: 'full',
      case: { caseId: 'case-2026-000123', unitId: 'u-county-health' },
      children: [{ workflowId: 'case-2026-000123/violation' }],
      openTasks: [{ taskId: 't-1', assigneeId: 'p-0032', voterIds: ['p-0025', 'p-0026'] }],
      timeline: [{ actorId: 'p-0028', comment: 'p-0099 was interviewed' }, { actorId: null }],
      live: { reviews: [{ decidedBy: 'p-0025' }] },
    };
    expect([...personIdsIn(response)].filter((id) => id.startsWith('p-')).sort()).toEqual([
      'p-0025',
      'p-0026',
      'p-0028',
      'p-0032',
    ]);
    expect(personIdsIn(response)).not.toContain('case-2026-000123/violation');
  });
});
