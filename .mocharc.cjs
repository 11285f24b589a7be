// The suite's mocha configuration: every test file but the generated-network ones (scripts/mocha-all.sh runs those
// in a mocha of their own). PEERTRACE_TEST_GROUP picks a part of it, as `npm test` runs it (scripts/mocha-all.sh):
//   (unset)  every file
//   shared   the files that run three at a time beside the generated-network tests
//   alone    the files that start a whole overlay (dozens of peers, or hundreds of traces at once through a few) and
//            assert what it does within bounds: one at a time, after the shared files, so that no two of them share
//            the two cores (docs/testing.md, "Files that run alone").

const GENERATED = ['dist/test/engine/generated.test.js', 'dist/test/engine/differential.test.js']

/** Longest first: the group ends sooner when its long files do not come last. */
const ALONE = [
  'dist/test/overlay/membership-wan.test.js', // 32 peer processes on an emulated WAN, split and healed
  'dist/test/security/large-results.test.js', // 1000 signed 65 KB results through one trace
  'dist/test/overlay/load.test.js', // 64 traces at once through one connection to 6 peer processes
  'dist/test/node/overlay.test.js', // 32 libp2p nodes in one process
  'dist/test/overlay/selection-wan.test.js', // 6 tagged peer processes on an emulated WAN
  'dist/test/security/many-neighbours.test.js' // a star of 70 leaves around one node
]

const group = process.env.PEERTRACE_TEST_GROUP ?? ''
if (!['', 'shared', 'alone'].includes(group)) {
  throw new Error(`PEERTRACE_TEST_GROUP must be 'shared' or 'alone', or unset (got '${group}')`)
}

module.exports = {
  spec: group === 'alone' ? ALONE : ['dist/test/**/*.test.js'],
  ignore: group === 'shared' ? [...GENERATED, ...ALONE] : GENERATED,
  timeout: 120000,
  exit: false,
  reporter: 'spec',
  require: ['dist/test/harness/numeric-environment.js', 'dist/test/harness/exit-watch.js']
}
