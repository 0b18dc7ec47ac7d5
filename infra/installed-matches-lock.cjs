// Exit 0 when <dir>/node_modules holds exactly what <dir>/package-lock.json pins, by content, not by file
// dates: a fresh `git clone` dates every file now, which made a current install look stale.
// npm's own record of an install, node_modules/.package-lock.json, lists each installed package as the lock
// does; packages the lock has and the install lacks must be optional (other platforms' binaries).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2] ?? '.';
const read = (path) => JSON.parse(readFileSync(join(dir, path), 'utf8')).packages ?? {};
let locked;
let installed;
try {
  locked = read('package-lock.json');
  installed = read('node_modules/.package-lock.json');
} catch {
  process.exit(1);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const current =
  Object.entries(installed).every(([path, entry]) => same(locked[path], entry)) &&
  Object.entries(locked).every(([path, entry]) => path === '' || path in installed || entry.optional === true);
process.exit(current ? 0 : 1);
