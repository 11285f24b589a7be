// What one trace costs on the wire, and what an idle overlay costs: 32 peertrace nodes in this process on
// 127.0.0.1 (the fixed-delay fake prober), inside a network namespace of their own, so the namespace's loopback
// counters (/proc/net/dev) hold their traffic and nobody else's. Per trace: bytes and packets sent, overlay
// messages, and their ratios; idle: packets and bytes per second and CPU per peer.
//
//   sudo node dist/bench/overlay/trace-cost.js [--peers 32] [--runs 7] [--idle-s 10]
//
// It makes the namespace, runs itself inside it (--inside), and deletes the namespace whatever happens.

import '../../src/polyfill.js'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createClientNode } from '../../src/node/create-node.js'
import { DEFAULT_HOP_BUDGET } from '../../src/node/constants.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'
import { PROBE, TARGET } from '../../test/node/loopback-net.js'
import { waitFor } from '../../test/node/wait-for.js'
import { DEFAULT_SEED, FORMATION_TIMEOUT_MS, PROBE_DELAY_MS, QUIET_MS, REQUEST_TIMEOUT_MS, SETTLE_MS } from './constants.js'
import { ask } from './designs.js'
import { LoopbackOverlay } from './loopback-overlay.js'
import { messageCount } from './message-count.js'

interface Counters { bytes: number, packets: number }

/** What the namespace's loopback has sent so far (every packet on lo is sent once and received once). */
function loopbackSent (): Counters {
  const line = readFileSync('/proc/net/dev', 'utf8').split('\n').find(l => l.trim().startsWith('lo:'))
  if (line === undefined) throw new Error('no lo in /proc/net/dev')
  const fields = line.trim().slice('lo:'.length).trim().split(/\s+/).map(Number)
  return { bytes: fields[8] as number, packets: fields[9] as number }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

async function inside (peers: number, runs: number, idleS: number): Promise<void> {
  const overlay = await LoopbackOverlay.start(peers, PROBE_DELAY_MS, DEFAULT_SEED, FORMATION_TIMEOUT_MS)
  const key = await generateKeyPair('Ed25519')
  const client = await createClientNode(key)
  try {
    await delay(SETTLE_MS)
    const edges = overlay.graph().edges
    // Idle: membership upkeep only.
    const idleFrom = loopbackSent()
    const cpuFrom = process.cpuUsage()
    await delay(idleS * 1000)
    const idleTo = loopbackSent()
    const cpu = process.cpuUsage(cpuFrom)
    const idle = {
      packetsPerSecondPerPeer: (idleTo.packets - idleFrom.packets) / idleS / peers,
      bytesPerSecondPerPeer: (idleTo.bytes - idleFrom.bytes) / idleS / peers,
      cpuPercentPerPeer: (cpu.user + cpu.system) / 1000 / (idleS * 1000) / peers * 100
    }
    const init = {
      client,
      auth: new KeyAuthenticator(key),
      peers: overlay.addresses(),
      entry: overlay.address(0),
      target: TARGET,
      probe: PROBE,
      timeoutMs: REQUEST_TIMEOUT_MS,
      floodHopBudget: DEFAULT_HOP_BUDGET
    }
    // Once, unmeasured: the client's dial and first-run code paths.
    await ask('flood', init)
    await delay(QUIET_MS)
    const perTrace: Array<Counters & { messages: number, answered: number }> = []
    for (let run = 0; run < runs; run++) {
      const before = overlay.totals()
      const from = loopbackSent()
      const started = performance.now()
      const timing = await ask('flood', init)
      // Every flood over on every node, and the last closes out, before the counters are read.
      await waitFor(() => overlay.nodes.every(node => node.services.trace.flood.activeFloods === 0), { timeoutMs: 10_000, what: 'every flood to end' })
      await delay(QUIET_MS)
      const to = loopbackSent()
      const idleShare = (performance.now() - started) / 1000 * peers
      perTrace.push({
        bytes: to.bytes - from.bytes - idleShare * idle.bytesPerSecondPerPeer,
        packets: to.packets - from.packets - idleShare * idle.packetsPerSecondPerPeer,
        messages: messageCount(before, overlay.totals(), timing.clientRequests).total,
        answered: timing.answered
      })
    }
    const bytes = median(perTrace.map(t => t.bytes))
    const packets = median(perTrace.map(t => t.packets))
    const messages = median(perTrace.map(t => t.messages))
    process.stdout.write(JSON.stringify({
      peers,
      edges,
      runs,
      answered: perTrace.map(t => t.answered),
      perTrace: { bytes: Math.round(bytes), packets: Math.round(packets), messages },
      perMessage: { bytes: Math.round(bytes / messages), packets: +(packets / messages).toFixed(1) },
      range: {
        bytes: [Math.round(Math.min(...perTrace.map(t => t.bytes))), Math.round(Math.max(...perTrace.map(t => t.bytes)))],
        packets: [Math.round(Math.min(...perTrace.map(t => t.packets))), Math.round(Math.max(...perTrace.map(t => t.packets)))]
      },
      idle: {
        packetsPerSecondPerPeer: +idle.packetsPerSecondPerPeer.toFixed(2),
        bytesPerSecondPerPeer: Math.round(idle.bytesPerSecondPerPeer),
        cpuPercentPerPeer: +idle.cpuPercentPerPeer.toFixed(3)
      }
    }) + '\n')
  } finally {
    await client.stop()
    await overlay.stop()
  }
}

function outside (argv: string[]): number {
  const ns = `peertrace-cost-${process.pid}`
  const ip = (...args: string[]): void => {
    const run = spawnSync('ip', args, { stdio: 'inherit' })
    if (run.status !== 0) throw new Error(`ip ${args.join(' ')} failed`)
  }
  ip('netns', 'add', ns)
  try {
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up')
    const run = spawnSync('ip', ['netns', 'exec', ns, process.execPath, fileURLToPath(import.meta.url), '--inside', ...argv], { stdio: 'inherit' })
    return run.status ?? 1
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'inherit' })
  }
}

const { values } = parseArgs({
  options: {
    inside: { type: 'boolean', default: false },
    peers: { type: 'string', default: '32' },
    runs: { type: 'string', default: '7' },
    'idle-s': { type: 'string', default: '10' }
  }
})
if (values.inside) {
  await inside(Number(values.peers), Number(values.runs), Number(values['idle-s']))
  process.exit(0)
} else {
  process.exitCode = outside(['--peers', values.peers, '--runs', values.runs, '--idle-s', values['idle-s']])
}
