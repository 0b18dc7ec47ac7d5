import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cacheDir } from '../stack/paths';

/**
 * `npm run check:k8s` (and a static check of `npm test`): every manifest in infra/k8s validates strictly
 * (unknown fields are errors) against the Kubernetes API schemas that PyPI's kubernetes-validate ships,
 * installed by infra/provision.sh, and the kustomization lists every one of them.
 */
export const KUBERNETES_VERSION = '1.34.0';
const DIR = __dirname;

function main(): number {
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

process.exit(main());
