import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileProblems } from './validate';

describe('Dockerfile check', () => {
  it('accepts the repo Dockerfile', () => {
    expect(dockerfileProblems(readFileSync(join(__dirname, '../../Dockerfile'), 'utf8'))).toEqual([]);
  });

  it('names an unknown instruction, a copy from an unknown stage and a final stage running as root', () => {
    const problems = dockerfileProblems(
      'FROM node:20 AS build\nRUNN make\nFROM node:20\nCOPY --from=buld /a /b\nCMD ["node"]\n',
    );
    expect(problems).toEqual([
      'unknown instruction: RUNN make',
      'COPY from an unknown stage: COPY --from=buld /a /b',
      'the final stage must switch to a non-root USER',
    ]);
  });
});
