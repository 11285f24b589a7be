// `peertrace probe` as a user meets it, run inside a lab node: bad input is a one-line usage error (exit 2, no
// stack trace, nothing on stdout), no privilege is exit 3 with the fix named, and the text output is the true path.

import assert from 'node:assert/strict'
import { createLab, line, requireRoot } from '../harness/index.js'
import type { ExecResult, Lab } from '../harness/index.js'
import { CLI_MAIN, runCli } from '../engine/probe-runner.js'

const ROUTERS = 3
const EXIT_USAGE = 2
const EXIT_NO_PRIVILEGE = 3
const QUERIES = 3
const DEFAULT_MAX_HOPS = 30
/** The unprivileged user the no-privilege case runs as. */
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
const STACK_FRAME = /^\s+at /m

/** Exactly one non-empty line on stderr, no stack frame, nothing on stdout. */
function assertOneLineError (result: ExecResult, code: number): void {
  const shown = JSON.stringify(result)
  assert.equal(result.code, code, shown)
  assert.equal(result.stdout, '', shown)
  assert.doesNotMatch(result.stderr, STACK_FRAME, shown)
  assert.match(result.stderr, /^[^\n]+\n$/, shown)
}

describe('cli: peertrace probe', function () {
  let lab: Lab | undefined
  let dst4 = ''
  let dst6 = ''

  before(async function () {
    requireRoot(this)
    lab = await createLab(line(ROUTERS))
    dst4 = lab.addr('dst', 4)
    dst6 = lab.addr('dst', 6)
  })

  after(async () => { await lab?.destroy() })

  describe('bad input: exit 2, one line on stderr, nothing on stdout', function () {
    const cases: Array<[string, () => string[]]> = [
      ['an unknown method', () => ['-M', 'sctp', dst4]],
      ['-M tcp --port 0', () => ['-M', 'tcp', '--port', '0', dst4]],
      ['-M tcp --port 65536', () => ['-M', 'tcp', '--port', '65536', dst4]],
      ['--max-hops 0', () => ['--max-hops', '0', dst4]],
      ['--max-hops 256', () => ['--max-hops', '256', dst4]],
      ['--queries -1', () => ['--queries', '-1', dst4]],
      ['--queries 0', () => ['--queries', '0', dst4]],
      ['--queries 1.5', () => ['--queries', '1.5', dst4]],
      ['--wait 0', () => ['--wait', '0', dst4]],
      ['--rounds 0', () => ['--rounds', '0', dst4]],
      ['--rounds 65 (above the most a request may carry)', () => ['--rounds', '65', dst4]],
      ['an unresolvable name (the namespace has no way out, so no DNS query leaves)', () => ['no-such-host.invalid']],
      ['a junk target with a space and a bang', () => ['a b!']],
      ['a dotted quad out of range', () => ['999.1.1.1']],
      ['--first-hop above --max-hops', () => ['--first-hop', '5', '--max-hops', '3', dst4]],
      ['-4 and -6 together', () => ['-4', '-6', dst4]],
      ['-6 with an IPv4 literal', () => ['-6', dst4]],
      ['-4 with an IPv6 literal', () => ['-4', dst6]],
      ['no target', () => []],
      ['an unknown option', () => ['--no-such-option', dst4]]
    ]
    for (const [title, args] of cases) {
      it(title, async function () {
        assertOneLineError(await runCli(lab!, 'src', ['probe', ...args()]), EXIT_USAGE)
      })
    }
  })

  for (const args of [['--help'], ['probe', '--help']]) {
    it(`peertrace ${args.join(' ')} exits 0 with usage on stdout`, async function () {
      const result = await runCli(lab!, 'src', args)
      assert.equal(result.code, 0, JSON.stringify(result))
      assert.match(result.stdout, /^Usage: peertrace/, JSON.stringify(result))
      assert.equal(result.stderr, '')
    })
  }

  for (const method of ['icmp', 'udp', 'tcp']) {
    it(`${method} without privilege (uid 65534, no capabilities): exit 3, one line naming root or setcap`,
      async function () {
        const result = await lab!.exec('src', [...NOBODY, process.execPath, CLI_MAIN, 'probe', '-M', method, dst4])
        assertOneLineError(result, EXIT_NO_PRIVILEGE)
        assert.match(result.stderr, /\broot\b/, result.stderr)
        assert.match(result.stderr, /\bsetcap\b/, result.stderr)
      })
  }

  it('text output: a header line, then one line per hop with the true address and every RTT', async function () {
    const result = await runCli(lab!, 'src', ['probe', dst4])
    assert.equal(result.code, 0, JSON.stringify(result))
    assert.equal(result.stderr, '')
    const expected = lab!.path('src', 'dst', 4)
    const lines = result.stdout.split('\n')
    assert.equal(lines.pop(), '', 'the output ends with a newline')
    assert.equal(lines.length, 1 + expected.length, result.stdout)
    assert.equal(lines[0], `peertrace to ${dst4} (${dst4}), ${DEFAULT_MAX_HOPS} hops max, icmp probes`)
    const hops = lines.slice(1).map(text => {
      const match = /^\s*(\d+)\s+(\S+)((?:\s+\d+\.\d{3} ms)*)$/.exec(text)
      assert.ok(match !== null, `not a hop line: ${JSON.stringify(text)}`)
      return { ttl: Number(match[1]), addr: match[2], rtts: match[3].trim().split(/\s+ms\s*/).filter(Boolean).length }
    })
    assert.deepEqual(hops, expected.map((addr, i) => ({ ttl: i + 1, addr, rtts: QUERIES })), result.stdout)
  })

  it('tcp text output: the target\'s line names its answer, <rst,ack> from a closed port', async function () {
    const result = await runCli(lab!, 'src', ['probe', '-M', 'tcp', '-p', '9', dst6])
    assert.equal(result.code, 0, JSON.stringify(result))
    const lines = result.stdout.trimEnd().split('\n')
    assert.equal(lines[0], `peertrace to ${dst6} (${dst6}), ${DEFAULT_MAX_HOPS} hops max, tcp probes`)
    const expected = lab!.path('src', 'dst', 6)
    assert.equal(lines.length, 1 + expected.length, result.stdout)
    assert.match(lines.at(-1)!, new RegExp(`^\\s*${expected.length}\\s+${dst6}(\\s+\\d+\\.\\d{3} ms){${QUERIES}}\\s+<rst,ack>$`), result.stdout)
    for (const line of lines.slice(1, -1)) assert.doesNotMatch(line, /</, result.stdout)
  })
})

