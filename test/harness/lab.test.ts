// Tests of the emulated-WAN harness against the kernel: every lab is built for real (root only), and what the
// system traceroute and ping see inside the namespaces must match the harness's ground truth exactly.

import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { isIP } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createLab, ecmp, fanout, HarnessError, line, rateLimitedTarget, requireRoot, silentRouter, systemTraceroute,
  unreachable, wan8
} from './index.js'
import type { Family, Lab, TopologySpec } from './index.js'

const FAMILIES: Family[] = [4, 6]

/** Names of the namespaces that currently exist. */
function namespaceNames (): string[] {
  return spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
    .split('\n').map(line => line.trim().split(/\s+/)[0]).filter(name => name !== '')
}

async function ping (lab: Lab, from: string, to: string, family: Family): Promise<number | null> {
  const result = await lab.exec(from, ['ping', `-${family}`, '-c1', '-W1', lab.addr(to, family)], { timeoutMs: 5_000 })
  return result.code
}

/** Builds a lab for a suite (skipping it when namespaces cannot be made) and destroys it afterwards. */
function withLab (spec: () => TopologySpec): () => Lab {
  let lab: Lab | undefined
  before(async function () {
    requireRoot(this)
    lab = await createLab(spec())
  })
  after(async () => { await lab?.destroy() })
  return () => {
    assert.ok(lab !== undefined, 'the lab was not built')
    return lab
  }
}

describe('harness: line(3)', function () {
  const lab = withLab(() => line(3))

  it('names one namespace per node, all carrying the lab id', function () {
    const names = namespaceNames().filter(name => name.startsWith(`${lab().id}-`))
    assert.deepEqual(names.sort(), ['dst', 'r1', 'r2', 'r3', 'src'].map(node => lab().ns(node)).sort())
    assert.match(lab().id, /^pt\d+x[0-9a-f]+$/)
  })

  it('reaches dst from src by ping, in IPv4 and IPv6', async function () {
    for (const family of FAMILIES) assert.equal(await ping(lab(), 'src', 'dst', family), 0, `IPv${family}`)
  })

  it('gives the inbound-interface path of every router, then dst', function () {
    assert.deepEqual(lab().path('src', 'dst', 4), ['198.18.0.2', '198.18.1.2', '198.18.2.2', '198.18.3.2'])
    assert.deepEqual(lab().path('src', 'dst', 6),
      ['2001:db8:1::2', '2001:db8:1:1::2', '2001:db8:1:2::2', '2001:db8:1:3::2'])
    assert.deepEqual(lab().path('dst', 'src', 4), ['198.18.3.1', '198.18.2.1', '198.18.1.1', '198.18.0.1'])
  })

  it('matches what the system traceroute sees, hop for hop, both ways', async function () {
    for (const family of FAMILIES) {
      for (const [from, to] of [['src', 'dst'], ['dst', 'src']]) {
        const hops = await systemTraceroute(lab(), from, lab().addr(to, family), family)
        assert.deepEqual(hops.map(hop => hop.address), lab().path(from, to, family), `IPv${family} ${from}→${to}`)
        assert.deepEqual(hops.map(hop => hop.ttl), hops.map((_, i) => i + 1))
      }
    }
  })

  it('traces to a router address on a far link as the router answering from that address', async function () {
    const target = '198.18.2.2' // r3's address on the r2-r3 link
    const hops = await systemTraceroute(lab(), 'src', target, 4)
    assert.deepEqual(hops.map(hop => hop.address), lab().path('src', target, 4))
    assert.deepEqual(lab().path('src', target, 4), ['198.18.0.2', '198.18.1.2', target])
  })

  it('kills exec() commands at their timeout, by pid', async function () {
    // SIGKILL can only come from the timeout (sleep 30 left alone exits 0 with no signal): no duration to measure.
    const result = await lab().exec('r1', ['sleep', '30'], { timeoutMs: 200 })
    assert.equal(result.signal, 'SIGKILL')
    assert.equal(result.code, null)
  })

  it('passes stdin to exec() and reports exit codes', async function () {
    const result = await lab().exec('r2', ['sh', '-c', 'cat; exit 3'], { input: 'hello' })
    assert.deepEqual([result.code, result.stdout], [3, 'hello'])
  })

  it('answers unknown nodes and foreign addresses with typed errors', function () {
    assert.throws(() => lab().ns('nope'), (error: unknown) => error instanceof HarnessError && error.code === 'E_UNKNOWN_NODE')
    assert.throws(() => lab().truth('src', '192.0.2.1', 4),
      (error: unknown) => error instanceof HarnessError && error.code === 'E_UNKNOWN_ADDRESS')
  })
})

describe('harness: silentRouter', function () {
  const lab = withLab(() => silentRouter(3))

  it('shows "*" at exactly the silent router\'s TTL and every other hop as in ground truth', async function () {
    for (const family of FAMILIES) {
      const expected = lab().path('src', 'dst', family)
      assert.equal(expected[1], '*', 'r2 (TTL 2) is the silent one')
      assert.equal(expected.filter(hop => hop === '*').length, 1)
      // Answers take microseconds here; half a second is ample before a hop counts as silent.
      const hops = await systemTraceroute(lab(), 'src', lab().addr('dst', family), family, { waitSeconds: 0.5 })
      assert.deepEqual(hops.map(hop => hop.address), expected, `IPv${family}`)
    }
  })

  it('still forwards, and still answers as a destination itself', async function () {
    for (const family of FAMILIES) {
      assert.equal(await ping(lab(), 'src', 'dst', family), 0)
      assert.equal(await ping(lab(), 'src', 'r2', family), 0)
    }
  })
})

describe('harness: unreachable', function () {
  const lab = withLab(() => unreachable(3))

  it('ends a trace into the refused prefix at the refusing router with !H (IPv4) and !N (IPv6)', async function () {
    for (const family of FAMILIES) {
      const target = lab().unreachableTarget('r2', family)
      const truth = lab().truth('src', target, family)
      assert.equal(truth.flag, family === 4 ? '!H' : '!N')
      assert.equal(truth.paths.length, 1)
      // One probe in flight at a time: r2 keeps the kernel rate limit, and needs to refuse only one of them.
      const hops = await systemTraceroute(lab(), 'src', target, family, { extraArgs: ['-N', '1'] })
      assert.deepEqual(hops.map(hop => hop.address), truth.paths[0], `IPv${family}`)
      assert.deepEqual(hops.map(hop => hop.flag), [...truth.paths[0].slice(1).map(() => undefined), truth.flag])
    }
  })

  it('keeps dst reachable through the refusing router', async function () {
    for (const family of FAMILIES) {
      const hops = await systemTraceroute(lab(), 'src', lab().addr('dst', family), family)
      assert.deepEqual(hops.map(hop => hop.address), lab().path('src', 'dst', family))
    }
  })
})

describe('harness: rateLimitedTarget', function () {
  const lab = withLab(() => rateLimitedTarget(3))

  /** How many of ten simultaneous probes at one TTL get an answer. */
  async function answered (ttl: number, family: Family): Promise<number> {
    const result = await lab().exec('src', ['traceroute', `-${family}`, '-n', '-q', '10', '-N', '10', '-w', '0.5',
      '-f', String(ttl), '-m', String(ttl), lab().addr('dst', family)])
    return (result.stdout.match(/ ms/g) ?? []).length
  }

  it('routers answer every probe; dst, with the kernel limit, answers only its burst', async function () {
    for (const family of FAMILIES) {
      assert.equal(await answered(2, family), 10, `IPv${family} router`)
      const fromTarget = await answered(4, family)
      assert.ok(fromTarget >= 1 && fromTarget < 10, `IPv${family} dst answered ${fromTarget} of 10`)
    }
  })
})

describe('harness: ecmp', function () {
  const lab = withLab(() => ecmp())
  const FLOWS = 32

  it('has four equal-cost paths of seven hops, and path() refuses to pick one', function () {
    for (const family of FAMILIES) {
      const { paths } = lab().truth('src', 'dst', family)
      assert.equal(paths.length, 4)
      for (const path of paths) assert.equal(path.length, 7)
      assert.throws(() => lab().path('src', 'dst', family),
        (error: unknown) => error instanceof HarnessError && error.code === 'E_MULTIPATH')
    }
  })

  it('keeps each flow on one ground-truth path, and spreads flows over all of them', async function () {
    for (const family of FAMILIES) {
      const truth = new Set(lab().truth('src', 'dst', family).paths.map(path => path.join(' ')))
      const seen = new Set<string>()
      for (let flow = 0; flow < FLOWS; flow++) {
        // -U: a fixed destination port; with a fixed source port every probe of the trace is one flow.
        const hops = await systemTraceroute(lab(), 'src', lab().addr('dst', family), family,
          { extraArgs: ['-U', `--sport=${40_000 + flow}`] })
        const path = hops.map(hop => hop.address).join(' ')
        assert.ok(truth.has(path), `IPv${family} flow ${flow} took ${path}, not a ground-truth path`)
        seen.add(path)
      }
      assert.deepEqual([...seen].sort(), [...truth].sort(), `IPv${family}: every path used by some flow`)
    }
  })

  it('lets classic traceroute (a new flow per probe) see several interfaces at one TTL', async function () {
    for (const family of FAMILIES) {
      const { paths } = lab().truth('src', 'dst', family)
      const result = await lab().exec('src', ['traceroute', `-${family}`, '-n', '-q', '10', lab().addr('dst', family)])
      const lines = result.stdout.split('\n').slice(1).filter(text => text.trim() !== '')
      let mixed = 0
      lines.forEach((text, i) => {
        const addresses = text.trim().split(/\s+/).slice(1).filter(token => isIP(token) === family)
        const possible = new Set(paths.map(path => path[i]))
        for (const address of addresses) assert.ok(possible.has(address), `TTL ${i + 1}: ${address} is on no path`)
        if (new Set(addresses).size > 1) mixed++
      })
      assert.ok(mixed >= 2, `IPv${family}: probes of one TTL spread over interfaces at ${mixed} TTLs`)
    }
  })
})

describe('harness: wan8', function () {
  const lab = withLab(() => wan8())

  it('connects every site to every other, in IPv4 and IPv6', async function () {
    const pings = []
    for (let i = 2; i <= 8; i++) {
      for (const family of FAMILIES) pings.push(ping(lab(), 'h1', `h${i}`, family))
    }
    assert.deepEqual(await Promise.all(pings), pings.map(() => 0))
  })

  it('traces h1 to h6 along a ground-truth path (one flow)', async function () {
    for (const family of FAMILIES) {
      const truth = new Set(lab().truth('h1', 'h6', family).paths.map(path => path.join(' ')))
      const hops = await systemTraceroute(lab(), 'h1', lab().addr('h6', family), family, { extraArgs: ['-U', '--sport=40000'] })
      assert.ok(truth.has(hops.map(hop => hop.address).join(' ')))
    }
  })
})

describe('harness: fanout(50)', function () {
  const lab = withLab(() => fanout(50))

  it('reaches all 50 targets, three hops away', async function () {
    const targets = Array.from({ length: 50 }, (_, i) => `t${i + 1}`)
    for (const family of FAMILIES) {
      for (const target of targets) assert.equal(lab().path('src', target, family).length, 3)
      const codes = await Promise.all(targets.map(async target => await ping(lab(), 'src', target, family)))
      assert.deepEqual(codes, targets.map(() => 0), `IPv${family}`)
    }
  })
})

describe('harness: lifecycle', function () {
  before(function () { requireRoot(this) })

  it('builds a 10-namespace lab (the time it took is reported, not asserted: a loaded machine is slower)', async function () {
    const started = performance.now()
    const lab = await createLab(line(8))
    const elapsed = performance.now() - started
    try {
      assert.equal(namespaceNames().filter(name => name.startsWith(`${lab.id}-`)).length, 10)
    } finally {
      await lab.destroy()
    }
    console.log(`      built in ${Math.round(elapsed)} ms (about 1 s on an idle machine)`)
  })

  it('destroy() removes every namespace, kills spawned processes, and may be called twice', async function () {
    const lab = await createLab(line(1))
    const child = lab.spawn('r1', ['sleep', '600'], { stdio: 'ignore' })
    const exit = new Promise(resolve => child.once('exit', (code, signal) => resolve(signal)))
    assert.equal(namespaceNames().filter(name => name.startsWith(lab.id)).length, 3)
    await lab.destroy()
    await lab.destroy()
    assert.equal(await exit, 'SIGTERM')
    assert.deepEqual(namespaceNames().filter(name => name.includes(lab.id)), [])
    await assert.rejects(lab.exec('r1', ['true']), (error: unknown) => error instanceof HarnessError && error.code === 'E_DESTROYED')
  })

  it('kills a detached spawn by its process group', async function () {
    const lab = await createLab(line(1))
    const child = lab.spawn('src', ['sh', '-c', 'sleep 600 & wait'], { stdio: 'ignore', detached: true })
    const exit = new Promise(resolve => child.once('exit', (code, signal) => resolve(signal)))
    await lab.destroy()
    assert.equal(await exit, 'SIGTERM')
    const left = spawnSync('pgrep', ['-g', String(child.pid)], { encoding: 'utf8' }).stdout.trim()
    assert.equal(left, '', 'nothing of the group survives')
  })

  it('sweeps namespaces left behind by a run that died', async function () {
    const dead = spawn('true')
    const pid = await new Promise<number>(resolve => dead.once('exit', () => resolve(dead.pid ?? 0)))
    const stale = `pt${pid}xdeadbeef-r1`
    assert.equal(spawnSync('ip', ['netns', 'add', stale]).status, 0)
    const lab = await createLab(line(1))
    await lab.destroy()
    assert.ok(!namespaceNames().includes(stale), `${stale} was swept`)
  })

  it('rejects a malformed topology before creating anything', async function () {
    await assert.rejects(createLab({ hosts: [{ name: 'a' }], routers: [], links: [{ a: 'a', b: 'ghost' }] }),
      (error: unknown) => error instanceof HarnessError && error.code === 'E_TOPOLOGY')
  })

  it('deletes a half-built lab when a setup step fails, and says which', async function () {
    // A PATH with `ip` and `sh` but no iptables: the silent router's firewall step fails mid-build.
    const bin = mkdtempSync(join(tmpdir(), 'pt-harness-bin-'))
    const path = process.env.PATH
    for (const tool of ['ip', 'sh']) {
      symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool))
    }
    const ours = (): string[] => namespaceNames().filter(name => name.startsWith(`pt${process.pid}x`))
    const before = ours()
    process.env.PATH = bin
    try {
      await assert.rejects(createLab(silentRouter(3)), (error: unknown) =>
        error instanceof HarnessError && error.code === 'E_SETUP_FAILED' && /r2/.test(error.message))
    } finally {
      process.env.PATH = path
      rmSync(bin, { recursive: true })
    }
    assert.deepEqual(ours(), before)
  })
})
