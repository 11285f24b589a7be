// `peertrace node --config FILE`: JSON and key = value files set the node options they name, flags given on the
// command line win, and every bad file is one UsageError line (exit 2) naming the file and what is wrong.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { applyConfigFile } from '../../src/cli/config-file.js'
import { exitCodeOf } from '../../src/cli/exit-codes.js'
import { addNodeOptions } from '../../src/cli/node-options.js'

describe('node --config', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'peertrace-config-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  async function configured (text: string, argv: string[] = []): Promise<Record<string, unknown>> {
    const file = join(dir, 'node.conf')
    await writeFile(file, text)
    const command = addNodeOptions(new Command('node').exitOverride())
    command.parse(argv, { from: 'user' })
    await applyConfigFile(command, file)
    return command.opts()
  }

  it('key = value lines: values parsed as the flags are, repeatable options repeated, comments skipped', async () => {
    const opts = await configured([
      '# a node of the lab', 'port = 4001', 'name = site-1', 'bootstrap = 192.0.2.10:4001', 'bootstrap = 192.0.2.11:4001',
      'allow-target = 10.0.0.0/8', 'history = false', 'probes-per-second = 50', ''
    ].join('\n'))
    assert.equal(opts.port, 4001)
    assert.equal(opts.name, 'site-1')
    assert.deepEqual(opts.bootstrap, ['192.0.2.10:4001', '192.0.2.11:4001'])
    assert.deepEqual(opts.allowTarget, ['10.0.0.0/8'])
    assert.equal(opts.history, false)
    assert.equal(opts.probesPerSecond, 50)
  })

  it('JSON: numbers, arrays, camelCase or long names, no-history', async () => {
    const opts = await configured('{"port": 4002, "bootstrap": ["192.0.2.10:4001"], "dataDir": "/var/lib/peertrace", "no-history": true}')
    assert.equal(opts.port, 4002)
    assert.deepEqual(opts.bootstrap, ['192.0.2.10:4001'])
    assert.equal(opts.dataDir, '/var/lib/peertrace')
    assert.equal(opts.history, false)
  })

  it('flags on the command line win over the file', async () => {
    const opts = await configured('port = 4001\nname = from-file\nbootstrap = 192.0.2.10:4001\n', ['--port', '5001', '-b', '198.51.100.1:4001'])
    assert.equal(opts.port, 5001)
    assert.equal(opts.name, 'from-file')
    assert.deepEqual(opts.bootstrap, ['198.51.100.1:4001'])
  })

  it('every bad file is one usage-error line naming it', async () => {
    const cases: Array<[string, RegExp]> = [
      ['port = 70000', /node\.conf: port: expected an integer from 0 to 65535\.$/],
      ['colour = blue', /node\.conf: unknown option 'colour'$/],
      ['port 4001', /node\.conf line 1: expected key = value$/],
      ['port = 1\nport = 2', /node\.conf: port given 2 times$/],
      ['history = maybe', /node\.conf: history: expected true or false$/],
      ['{"port": ', /node\.conf is not valid JSON: /],
      ['{"port": {"a": 1}}', /node\.conf: port: expected a string, number or boolean$/]
    ]
    for (const [text, message] of cases) {
      await assert.rejects(configured(text), (err: Error) => {
        assert.match(err.message, message, text)
        assert.equal(err.message.includes('\n'), false)
        assert.equal(exitCodeOf(err), 2)
        return true
      })
    }
    const command = addNodeOptions(new Command('node'))
    await assert.rejects(applyConfigFile(command, join(dir, 'missing.conf')),
      (err: Error) => /^cannot read config file .*missing\.conf: no such file or directory \(ENOENT\)$/.test(err.message) && exitCodeOf(err) === 2)
  })
})
