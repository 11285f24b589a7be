// contrib/peertrace.service and the config file docs/operations.md shows: systemd accepts the unit (checked with
// `systemd-analyze verify` where the machine has it), the unit keeps what a probing service needs, and every
// option the unit and the documented config file give is one `peertrace node` really has.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { applyConfigFile } from '../../src/cli/config-file.js'
import { addNodeOptions } from '../../src/cli/node-options.js'

const run = promisify(execFile)
const root = new URL('../../../', import.meta.url).pathname
const unitFile = join(root, 'contrib/peertrace.service')

/** `key=value` settings of the unit, by section. */
function unitSettings (text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>()
  let section: Map<string, string[]> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header !== null) {
      section = new Map()
      sections.set(header[1], section)
      continue
    }
    const eq = line.indexOf('=')
    assert.ok(section !== undefined && eq > 0, `unit line outside a section or without '=': ${line}`)
    const key = line.slice(0, eq)
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1)])
  }
  return sections
}

describe('systemd unit (contrib/peertrace.service)', () => {
  it('systemd-analyze verify accepts it', async function () {
    try {
      await run('systemd-analyze', ['--version'])
    } catch {
      this.skip() // no systemd on this machine: the checks below still run
    }
    const { stdout, stderr } = await run('systemd-analyze', ['verify', unitFile])
    assert.equal(`${stdout}${stderr}`.trim(), '')
  })

  it('runs the node with only CAP_NET_RAW, a state directory and restart on failure', async () => {
    const service = unitSettings(await readFile(unitFile, 'utf8')).get('Service')
    assert.ok(service !== undefined)
    assert.deepEqual(service.get('AmbientCapabilities'), ['CAP_NET_RAW'])
    assert.deepEqual(service.get('CapabilityBoundingSet'), ['CAP_NET_RAW'])
    assert.deepEqual(service.get('StateDirectory'), ['peertrace'])
    assert.deepEqual(service.get('Restart'), ['on-failure'])
    const exec = service.get('ExecStart')?.[0] ?? ''
    assert.match(exec, /peertrace node .*--data-dir \/var\/lib\/peertrace/)
  })

  it('the options in ExecStart and the documented config file are real node options', async () => {
    const service = unitSettings(await readFile(unitFile, 'utf8')).get('Service')
    const exec = (service?.get('ExecStart')?.[0] ?? '').split(/\s+/)
    const argv = exec.slice(exec.indexOf('node') + 1)
    const docs = await readFile(join(root, 'docs/operations.md'), 'utf8')
    const example = /```\n(# \/etc\/peertrace\/node\.conf\n[\s\S]*?)```/.exec(docs)
    assert.ok(example !== null, 'docs/operations.md shows an example config file')
    const dir = await mkdtemp(join(tmpdir(), 'peertrace-unit-'))
    try {
      const config = join(dir, 'node.conf')
      await writeFile(config, example[1])
      const command = addNodeOptions(new Command('node').exitOverride())
      // The unit's --config points at /etc; the example stands in for it, every other flag as the unit gives it.
      const configAt = argv.indexOf('--config')
      assert.notEqual(configAt, -1, 'the unit reads a config file')
      command.parse([...argv.slice(0, configAt), ...argv.slice(configAt + 2)], { from: 'user' })
      await applyConfigFile(command, config)
      const opts = command.opts()
      assert.equal(opts.dataDir, '/var/lib/peertrace')
      assert.equal(opts.port, 4001)
      assert.equal(opts.name, 'fra-1')
      assert.deepEqual(opts.bootstrap, ['192.0.2.10:4001', '198.51.100.20:4001'])
      assert.equal(opts.history, false)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
