import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cacheDir } from '../stack/paths';

/**
 * `npm run check:k8s` (and a static check of `npm test`): every manifest in infra/k8s validates strictly
 * (unknown fields are errors) against the Kubernetes API schemas that PyPI's kubernetes-validate ships,
 * installed by infra/provision.sh, and the kustomization lists every one of them. The Dockerfile the
 * manifests' image comes from is parsed, since no Docker engine can build it here.
 */
export const KUBERNETES_VERSION = '1.34.0';
const DIR = __dirname;

const INSTRUCTIONS = new Set(
  'FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL'.split(
    ' ',
  ),
);

/** Known instructions only, `COPY --from` naming an earlier stage, a final stage that runs as a non-root uid. */
export function dockerfileProblems(text: string): string[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const problems: string[] = [];
  const stages: string[] = [];
  let user: string | undefined;
  let cmd = false;
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const keyword = instruction.toUpperCase();
    if (!INSTRUCTIONS.has(keyword)) problems.push(`unknown instruction: ${line}`);
    if (keyword === 'FROM') {
      const as = rest.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push(as >= 0 ? rest[as + 1] : String(stages.length));
      user = undefined;
      cmd = false;
    }
    const from = /--from=(\S+)/.exec(line)?.[1];
    if (keyword === 'COPY' && from && !stages.slice(0, -1).includes(from))
      problems.push(`COPY from an unknown stage: ${line}`);
    if (keyword === 'USER') user = rest[0];
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') cmd = true;
  }
  if (stages.length === 0) problems.push('no FROM');
  if (!user || /^(0|root)(:|$)/.test(user)) problems.push('the final stage must switch to a non-root USER');
  if (!cmd) problems.push('the final stage has no CMD or ENTRYPOINT');
  return problems;
}

function main(): number {
  const dockerfile = dockerfileProblems(readFileSync(join(DIR, '../../Dockerfile'), 'utf8'));
  if (dockerfile.length > 0) {
    process.stderr.write(`Dockerfile: ${dockerfile.join('; ')}\n`);
    return 1;
  }
  const manifests = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort();
  const listed = (
    (parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as { resources?: string[] }).resources ?? []
  )
    .slice()
    .sort();
  if (JSON.stringify(listed) !== JSON.stringify(manifests)) {
    process.stderr.write(`kustomization.yaml lists ${listed.join(', ')} but infra/k8s holds ${manifests.join(', ')}\n`);
    return 1;
  }
  const validator = join(cacheDir(), 'venv', 'bin', 'kubernetes-validate');
  if (!existsSync(validator)) {
    process.stderr.write(`${validator} is missing: run infra/provision.sh\n`);
    return 1;
  }
  const result = spawnSync(
    validator,
    ['--strict', '--quiet', '-k', KUBERNETES_VERSION, ...manifests.map((f) => join(DIR, f))],
    { stdio: 'inherit' },
  );
  if (result.status === 0)
    process.stdout.write(`${manifests.length} manifests valid for Kubernetes ${KUBERNETES_VERSION}\n`);
  return result.status ?? 1;
}

if (require.main === module) process.exit(main());
