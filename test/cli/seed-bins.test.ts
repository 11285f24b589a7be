// The original assignment's commands: `tracerouteclnt -p <port> <target>` prints one line per server through the
// node at that local port, and `traceroutesvr -p <port>` runs a node until SIGTERM. Loopback only; the nodes the
// client reaches are in this process with fake probers, so no privilege is needed.

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LoopbackNet } from '../node/loopback-net.js'

const CLI = (name: string): string => fileURLToPath(new URL(`../../src/cli/${name}.js`, import.meta.url))

interface Run { code: number | null, stdout: string, stderr: string }

async function run (argv: string[], env: NodeJS.ProcessEnv = process.env, until?: (out: string) => boolean): Promise<Run> {
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let signalled = false
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 30_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      // One SIGTERM: a second one during shutdown would be the user insisting, which kills at once.
      if (!signalled && until?.(stdout) === true) {
        signalled = true
        child.kill('SIGTERM')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    child.once('error', reject)
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
}

describe('the seed commands', function () {
  this.timeout(60_000)
  const net = new LoopbackNet()
  after(async () => { await net.stop() })

  it('tracerouteclnt -p PORT prints `<server> <ip1> … <host>` for every node, then the summary', async () => {
    await net.addMesh(3, 30_000)
    const port = net.address(net.at(0), true).getComponents().find(c => c.name === 'tcp')?.value
    const target = '192.0.2.7'
    const result = await run([CLI('tracerouteclnt'), '-p', String(port), target])
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split('\n')
    // fakeTrace(i): first hop 10.0.0.i, then the target.
    assert.deepEqual(lines.slice(0, -1).sort(), [0, 1, 2].map(i => `peer-${i} 10.0.0.${i} ${target}`))
    assert.match(lines.at(-1) ?? '', /^answered 3\/3, \d+\.\d\d s$/)
  })

  it('traceroutesvr -p PORT starts a node, prints where it listens, and stops cleanly on SIGTERM', async () => {
    const state = mkdtempSync(join(tmpdir(), 'peertrace-svr-'))
    try {
      const result = await run([CLI('traceroutesvr'), '-p', '0', '--name', 'svr'], { ...process.env, XDG_STATE_HOME: state },
        out => out.includes('listening on'))
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^peertrace node 12D3Koo\w+ "svr"$/m)
      assert.match(result.stdout, /^listening on \/ip4\/[\d.]+\/tcp\/\d+\/p2p\/12D3Koo\w+$/m)
      assert.match(result.stdout, /^stopped$/m)
    } finally {
      rmSync(state, { recursive: true, force: true })
    }
  })

  it('a missing -p is a usage error: exit 2, one line', async () => {
    const result = await run([CLI('tracerouteclnt'), '192.0.2.7'])
    assert.equal(result.code, 2)
    assert.equal(result.stderr.trimEnd().split('\n').length, 1)
    assert.equal(result.stdout, '')
  })
})
