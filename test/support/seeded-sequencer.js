// With --randomize, Jest shuffles the tests inside each file by --seed but still runs the files in its
// own order (slowest and last-failed first). This sequencer shuffles the files by the same seed, so one
// printed seed reproduces the whole order; without --randomize it keeps Jest's order.
const Sequencer = require('@jest/test-sequencer').default;

/** mulberry32: a small deterministic generator, enough to shuffle a few dozen files reproducibly. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class SeededSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options.globalConfig;
  }

  sort(tests) {
    if (!this.globalConfig?.randomize) return super.sort(tests);
    const next = generator(this.globalConfig.seed);
    const order = [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
}

module.exports = SeededSequencer;
