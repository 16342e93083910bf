// Mocha's spec reporter, plus the run's counts written to $PODNET_STATS_FILE for scripts/test.mjs.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.PODNET_STATS_FILE;
      if (file) writeFileSync(file, JSON.stringify(this.stats));
    });
  }
}
module.exports = StatsReporter;
