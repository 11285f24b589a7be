// The benchmark runners' command line (bench/cli.ts): `--help` prints the usage and exits 0, a wrong flag or value is
// one line on stderr and exit 2, never a stack trace. Every case stops before a lab or a measurement is started.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const RUNNERS = ['probe/run', 'overlay/run', 'overlay/membership-run', 'rtt/run', 'annotate/run'] as const

function runner (name: string, ...argv: string[]): { status: number | null, stdout: string, stderr: string } {
  const file = fileURLToPath(new URL(`../../bench/${name}.js`, import.meta.url))
  const result = spawnSync(process.execPath, [file, ...argv], { encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the benchmark runners\' command line', function () {
  this.timeout(120_000)

  for (const name of RUNNERS) {
    it(`${name}: --help prints the usage and exits 0`, () => {
      const { status, stdout, stderr } = runner(name, '--help')
      assert.equal(status, 0, stderr)
      assert.match(stdout, new RegExp(`^usage: node dist/bench/${name}\\.js `))
      assert.match(stdout, /--runs N/)
      assert.equal(stderr, '')
    })

    it(`${name}: an unknown flag is one line and exit 2`, () => {
      const { status, stdout, stderr } = runner(name, '--no-such-flag')
      assert.equal(status, 2)
      assert.equal(stdout, '')
      assert.match(stderr, /^bench:[a-z]+: Unknown option '--no-such-flag'.*\(--help for usage\)\n$/)
    })

    it(`${name}: --runs 0 is one line and exit 2`, () => {
      const { status, stderr } = runner(name, '--runs', '0')
      assert.equal(status, 2)
      assert.equal(stderr.split('\n').length, 2, stderr)
      assert.match(stderr, /: --runs takes a positive integer \(got '0'\) \(--help for usage\)\n$/)
    })
  }

  it('probe/run: an unknown scenario is named, with the known ones', () => {
    const { status, stderr } = runner('probe/run', '--scenario', 'nope')
    assert.equal(status, 2)
    assert.match(stderr, /^bench:probe: unknown scenario: nope \(known: all-answer, .*concurrent\) \(--help for usage\)\n$/)
  })
})
