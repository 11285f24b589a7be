// What `--limit K` saves with real libp2p nodes: N peertrace nodes in this process on 127.0.0.1 (fixed-delay fake
// prober), traces asked by a client through node 0 with no selection, then with --limit K for each K; per trace the
// overlay's messages (by the flood counters), the results the requester received, and the CPU this process spent.
// Run: npx tsc -p tsconfig.json && node dist/bench/overlay/selection-inprocess.js [--peers 32] [--runs 5] [--limits 1,4]

import '../../src/polyfill.js'
import { parseArgs } from 'node:util'
import { traceThroughPeer } from '../../src/node/client/trace-client.js'
import type { FloodCounters } from '../../src/overlay/index.js'
import { PROBE, TARGET } from '../../test/node/loopback-net.js'
import { waitFor } from '../../test/node/wait-for.js'
import { DEFAULT_SEED, FORMATION_TIMEOUT_MS, PROBE_DELAY_MS, SETTLE_MS } from './constants.js'
import { LoopbackOverlay } from './loopback-overlay.js'

interface Sample { limit: number | 'all', messages: number, relayed: number, received: number, cpuMs: number, ms: number }

const delta = (a: FloodCounters, b: FloodCounters, key: keyof FloodCounters): number => b[key] - a[key]

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { peers: { type: 'string', default: '32' }, runs: { type: 'string', default: '5' }, limits: { type: 'string', default: '1,4' } } })
  const peers = Number(values.peers)
  const runs = Number(values.runs)
  const limits: Array<number | 'all'> = ['all', ...(values.limits ?? '').split(',').map(Number)]
  const overlay = await LoopbackOverlay.start(peers, PROBE_DELAY_MS, DEFAULT_SEED, FORMATION_TIMEOUT_MS)
  try {
    const entry = overlay.nodes[0]
    if (entry === undefined) throw new Error('no entry node')
    await waitFor(() => entry.services.describe.directory.list().length === peers - 1, {
      timeoutMs: FORMATION_TIMEOUT_MS, intervalMs: 500, what: 'the entry to know every vantage point'
    })
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    const samples: Sample[] = []
    for (let run = 0; run < runs; run++) {
      for (const limit of limits) {
        const before = overlay.totals()
        const cpu = process.cpuUsage()
        const started = performance.now()
        let received = 0
        for await (const event of traceThroughPeer({
          entry: overlay.address(0), target: TARGET, probe: PROBE, timeoutMs: 20_000, ...(limit === 'all' ? {} : { limit })
        })) {
          if (event.type === 'result') received++
        }
        const ms = performance.now() - started
        // Let the last ends and closes land before reading the counters.
        await waitFor(() => overlay.nodes.every(node => node.services.trace.flood.activeFloods === 0), { timeoutMs: 20_000, what: 'every flood to end' })
        const used = process.cpuUsage(cpu)
        const after = overlay.totals()
        samples.push({ limit, messages: delta(before, after, 'messagesSent') + 1, relayed: delta(before, after, 'resultsRelayed'), received, cpuMs: (used.user + used.system) / 1000, ms })
      }
    }
    const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] as number }
    console.log(`${peers} libp2p nodes in one process, prober ${PROBE_DELAY_MS} ms, ${runs} runs each, medians; edges ${overlay.graph().edges}`)
    console.log('K      messages  relayed results  received  cpu ms  trace ms')
    for (const limit of limits) {
      const mine = samples.filter((s) => s.limit === limit)
      console.log([String(limit).padEnd(5), String(median(mine.map((s) => s.messages))).padStart(9), String(median(mine.map((s) => s.relayed))).padStart(16),
        String(median(mine.map((s) => s.received))).padStart(9), median(mine.map((s) => s.cpuMs)).toFixed(0).padStart(7), median(mine.map((s) => s.ms)).toFixed(0).padStart(9)].join(' '))
    }
  } finally {
    await overlay.stop()
  }
}

await main()
