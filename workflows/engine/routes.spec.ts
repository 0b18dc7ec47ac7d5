import { aCase, PEOPLE } from '../../test/builders/case.builder';
import { participantRoutes } from './routes';

describe('participantRoutes', () => {
  it('lists every participant of the case once by id, the trial office director included', () => {
    const { participants } = aCase().build();
    const ids = participantRoutes(participants).participantIds;

    expect(ids).toContain(PEOPLE.trialOfficeDirector);
    // A spread string gave one entry per letter of the director's id.
    expect(ids.filter((id) => id.length < 3)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leaves the director out when the case names none', () => {
    const { participants } = aCase().build();
    const ids = participantRoutes({ ...participants, trialOfficeDirectorId: undefined }).participantIds;

    expect(ids.filter((id) => id.length < 3)).toEqual([]);
  });
});
