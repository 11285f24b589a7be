// Many traces at once through one connection, with real peer processes on 127.0.0.1 (real libp2p over real TCP,
// the real engine tracing loopback addresses): 64 traces started at once by one client over one connection to one
// node, then 20 at once from each of 4 clients entering at 4 different nodes. Every trace must come back with every
// vantage point and nothing failed: no stream reset by a per-connection limit, nothing silently missing.
// The nodes raise the operator limits that are policy, not capacity (floods at once, floods per origin a minute),
// so what is under test is the streams. Root only (the engine's raw sockets).

import '../../src/polyfill.js'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { TraceSession } from '../../src/node/client/trace-client.js'
import type { OriginateEvent, TraceSummary, VantageResult } from '../../src/overlay/index.js'
import type { ProbeSpec } from '../../src/overlay/types.js'
import { requireRoot } from '../harness/index.js'
import { PEERTRACE_CLI, PeerProcess } from '../harness/peer-process.js'

const PEERS = 6
/** Each trace's target: its own loopback address, so no target's probe budget is shared between traces. */
const targetOf = (i: number): string => `127.0.${1 + (i >> 8)}.${1 + (i & 255)}`
const PROBE: ProbeSpec = { method: 'icmp', maxHops: 4, firstHop: 1, queries: 1, waitMs: 1000 }
/**
 * The engine driver's debug log of every peer (src/engine/log.ts): a trace that did not reach its target is shown
 * with its driver's lines (what it sent and had answered, when). Three times, beside the whole suite under 4 busy
 * loops, a trace answered at TTL 1 with every probe's send back ran on to its bound (stop "deadline"); alone it never
 * did. The log of the third showed why: the answers the kernel took 4.6 s into the trace's 10 s bound were read at
 * 9.2 s, and the step they asked for ran past the bound, which cut the trace off. Now a step past the bound ends the
 * trace by its own rules when the answers in hand allow it (driver.ts; driver-unread-answers.unit.test.ts).
 */
const DRIVER_LOG = 'peertrace:engine:driver'
const TRACE_TIMEOUT_MS = 60_000
const FORMATION_TIMEOUT_MS = 30_000
/** Above the 4 × 20 floods the second case keeps running at once on every node. */
const OPERATOR_ARGS = ['--max-concurrent-traces', '128', '--traces-per-origin', '200', '--traces-per-requester-at-once', '128', '--traces-per-neighbour', '1000']

interface Outcome { results: VantageResult[], summary: TraceSummary }

async function collect (events: AsyncIterable<OriginateEvent>): Promise<Outcome> {
  const results: VantageResult[] = []
  let summary: TraceSummary | undefined
  for await (const event of events) {
    if (event.type === 'result') results.push(event.result)
    else summary = event.summary
  }
  if (summary === undefined) throw new Error('a trace ended without a summary')
  return { results, summary }
}

describe('overlay under load: many traces at once through one connection (6 peer processes on loopback)', function () {
  this.timeout(300_000)
  const peers: PeerProcess[] = []
  const ports: number[] = []
  let root = ''

  before(async function () {
    requireRoot(this)
    root = mkdtempSync(join(tmpdir(), 'peertrace-load-'))
    const noPeers = join(root, 'no-peers.txt')
    writeFileSync(noPeers, '')
    for (let i = 0; i < PEERS; i++) {
      const dataDir = join(root, `peer${i}`)
      // Each joins through every earlier one: the overlay forms without peer exchange.
      const bootstrap = ports.flatMap(port => ['--bootstrap', `127.0.0.1:${port}`])
      const child = spawn(process.execPath, [
        PEERTRACE_CLI, 'node', '--host', '127.0.0.1', '-p', '0', '--bootstrap-file', noPeers, '--name', `load${i}`,
        '--data-dir', dataDir, '--allow-target', '127.0.0.0/8', ...bootstrap, ...OPERATOR_ARGS
      ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBUG: DRIVER_LOG } })
      const peer = new PeerProcess('localhost', `load${i}`, '127.0.0.1', 0, child, dataDir)
      peers.push(peer)
      await peer.until('listen address', () => /^listening on /m.test(peer.log))
      ports.push(Number(/^listening on \/ip4\/[\d.]+\/tcp\/(\d+)\//m.exec(peer.log)?.[1]))
    }
    await Promise.all(peers.map(async peer => {
      await peer.until('2 neighbours', () => peer.neighbours >= 2, FORMATION_TIMEOUT_MS)
    }))
  })

  after(async function () {
    await Promise.allSettled(peers.map(async peer => { await peer.shutdown() }))
    if (root !== '') rmSync(root, { recursive: true, force: true })
  })

  /** The driver's log lines of `name`'s traces of `target` (each line names its trace `[<n> <target> <method>]`). */
  const driverLines = (name: string, target: string): string[] =>
    (peers.find(peer => peer.name === name)?.log ?? '').split('\n').filter(line => line.includes(` ${target} icmp]`))

  const session = async (peer: number): Promise<TraceSession> =>
    await TraceSession.connect({ entry: multiaddr(`/ip4/127.0.0.1/tcp/${ports[peer]}`), timeoutMs: 10_000 })

  /** Every peer once, each with its own trace of `target`: one hop, the target itself, reached. */
  const assertComplete = (outcome: Outcome, target: string, what: string): void => {
    const detail = `${what}: ${JSON.stringify(outcome.summary)}`
    assert.deepEqual(outcome.results.map(r => r.peer).sort(), peers.map(p => p.peerId).sort(), detail)
    assert.deepEqual(outcome.results.map(r => r.name).sort(), peers.map(p => p.name).sort(), detail)
    for (const result of outcome.results) {
      assert.equal(result.error, undefined, `${what} ${result.name}: ${JSON.stringify(result.error)}`)
      // The whole trace in the message, and its driver's log: a trace cut short under load tells how it ended
      // (stop, hops, probes, time) and what its probes met.
      const trace = `${what} ${result.name}: ${JSON.stringify(result.trace)}`
      if (result.trace?.reached !== true) assert.fail(`${trace}\n${driverLines(result.name, target).join('\n')}`)
      assert.deepEqual(result.trace?.hops.map(h => h.addr), [target], trace)
    }
    assert.equal(outcome.summary.answered, PEERS, detail)
    assert.deepEqual(outcome.summary.failed, [], detail)
    assert.equal(outcome.summary.incomplete, undefined, detail)
    assert.equal(outcome.summary.unverified, 0, detail)
  }

  it('64 traces started at once by one client over one connection to one node: every one has all 6 vantage points', async function () {
    const client = await session(0)
    try {
      const outcomes = await Promise.all(Array.from({ length: 64 }, async (_, i) =>
        await collect(client.trace({ target: targetOf(i), probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS }))))
      outcomes.forEach((outcome, i) => { assertComplete(outcome, targetOf(i), `trace ${i}`) })
    } finally {
      await client.close()
    }
  })

  it('20 traces at once from each of 4 clients entering at 4 different nodes: every one has all 6 vantage points', async function () {
    const clients = await Promise.all([1, 2, 3, 4].map(session))
    try {
      const outcomes = await Promise.all(clients.flatMap((client, c) => Array.from({ length: 20 }, async (_, i) =>
        await collect(client.trace({ target: targetOf(100 + 20 * c + i), probe: PROBE, timeoutMs: TRACE_TIMEOUT_MS })))))
      outcomes.forEach((outcome, i) => { assertComplete(outcome, targetOf(100 + i), `trace ${i}`) })
    } finally {
      await Promise.all(clients.map(async client => { await client.close() }))
    }
  })
})
