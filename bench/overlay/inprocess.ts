// One in-process overlay size, in a process of its own (so its memory is its own): N peertrace nodes on
// 127.0.0.1 with the fixed-delay fake prober, then `runs` rounds of the three designs, each asked once by a fresh
// client (cold: its dials are timed) and once more by the same client (warm: its connections are open).
// run.ts starts it as: node --expose-gc dist/bench/overlay/inprocess.js --peers N --runs R --out FILE

import '../../src/polyfill.js'
import { writeFile } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createClientNode } from '../../src/node/create-node.js'
import { DEFAULT_HOP_BUDGET } from '../../src/node/constants.js'
import { KeyAuthenticator } from '../../src/protocol/index.js'
import { PROBE, TARGET } from '../../test/node/loopback-net.js'
import { waitFor } from '../../test/node/wait-for.js'
import { DEFAULT_RUNS, DEFAULT_SEED, FORMATION_TIMEOUT_MS, PROBE_DELAY_MS, QUIET_MS, REQUEST_TIMEOUT_MS, SETTLE_MS } from './constants.js'
import { DESIGNS, ask, type AskTiming, type Design } from './designs.js'
import { floodShape } from './graph.js'
import { LoopbackOverlay } from './loopback-overlay.js'
import { messageCount, type MessageCount } from './message-count.js'

export interface Measured extends AskTiming {
  messages: MessageCount
  /** CPU time of this whole process (every peer and the client) during the run. */
  cpuMs: number
}

export interface InProcessRun {
  run: number
  design: Design
  entryIndex: number
  /** The overlay just before the run, and the flood's shape from the entry. */
  edges: number
  maxDepth: number
  depthSum: number
  cold: Measured
  warm: Measured
}

export interface InProcessResult {
  peers: number
  probeDelayMs: number
  seed: number
  formationMs: number
  edges: number
  meanDegree: number
  degrees: number[]
  memory: {
    /** RSS with the modules loaded and no node yet (after a GC). */
    baseRssMb: number
    /** RSS once the overlay formed, and after every run (after a GC), and the peak sampled during the runs. */
    formedRssMb: number
    afterRssMb: number
    peakRssMb: number
    rssPerPeerMb: number
    heapPerPeerMb: number
  }
  runs: InProcessRun[]
}

const MB = 2 ** 20

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      peers: { type: 'string' },
      runs: { type: 'string', default: String(DEFAULT_RUNS) },
      'probe-ms': { type: 'string', default: String(PROBE_DELAY_MS) },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string' }
    }
  })
  const peers = Number(values.peers)
  const runs = Number(values.runs)
  const probeDelayMs = Number(values['probe-ms'])
  const seed = Number(values.seed)
  if (!Number.isInteger(peers) || peers < 2 || !Number.isInteger(runs) || runs < 1 || values.out === undefined) {
    throw new Error('usage: inprocess.js --peers N (>= 2) [--runs R] [--probe-ms MS] [--seed S] --out FILE')
  }
  const result = await measure(peers, runs, probeDelayMs, seed)
  await writeFile(values.out, JSON.stringify(result) + '\n')
}

async function measure (peers: number, runs: number, probeDelayMs: number, seed: number): Promise<InProcessResult> {
  // A client started and stopped first, so lazily loaded modules are in the base figure, not in the peers'.
  await (await createClientNode(await generateKeyPair('Ed25519'))).stop()
  const base = settledMemory()
  const formationStarted = performance.now()
  const overlay = await LoopbackOverlay.start(peers, probeDelayMs, seed, FORMATION_TIMEOUT_MS)
  try {
    const formationMs = performance.now() - formationStarted
    await delay(SETTLE_MS)
    overlay.assertLoopbackOnly()
    const formed = settledMemory()
    let peakRss = formed.rss
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 50)
    const records: InProcessRun[] = []
    try {
      // One round of each, not recorded, so that no design pays for the first (unoptimised) pass of the code.
      for (const design of DESIGNS) await measureDesign(overlay, design, -1, 0)
      for (let run = 0; run < runs; run++) {
        // Entries spread over the overlay, the same ones for every design of a round.
        const entryIndex = Math.floor((run + 0.5) * peers / runs)
        for (const design of DESIGNS) {
          records.push(await measureDesign(overlay, design, run, entryIndex))
          progress(`${peers} peers, run ${run + 1}/${runs}, ${design}: ${summary(records[records.length - 1] as InProcessRun)}`)
        }
      }
    } finally {
      clearInterval(sampler)
    }
    overlay.assertLoopbackOnly()
    const after = settledMemory()
    const graph = overlay.graph()
    return {
      peers,
      probeDelayMs,
      seed,
      formationMs: Math.round(formationMs),
      edges: graph.edges,
      meanDegree: graph.meanDegree,
      degrees: overlay.degrees(),
      memory: {
        baseRssMb: base.rss / MB,
        formedRssMb: formed.rss / MB,
        afterRssMb: after.rss / MB,
        peakRssMb: peakRss / MB,
        rssPerPeerMb: (after.rss - base.rss) / MB / peers,
        heapPerPeerMb: (after.heapUsed - base.heapUsed) / MB / peers
      },
      runs: records
    }
  } finally {
    await overlay.stop()
  }
}

async function measureDesign (overlay: LoopbackOverlay, design: Design, run: number, entryIndex: number): Promise<InProcessRun> {
  const graph = overlay.graph()
  const entry = overlay.address(entryIndex)
  const shape = floodShape(graph, overlay.nodes[entryIndex]?.peerId.toString() ?? '')
  const key = await generateKeyPair('Ed25519')
  const client = await createClientNode(key)
  const init = {
    client,
    auth: new KeyAuthenticator(key),
    peers: overlay.addresses(),
    entry,
    target: TARGET,
    probe: PROBE,
    timeoutMs: REQUEST_TIMEOUT_MS,
    floodHopBudget: DEFAULT_HOP_BUDGET
  }
  try {
    const cold = await measured(overlay, async () => await ask(design, init))
    const warm = await measured(overlay, async () => await ask(design, init))
    return { run, design, entryIndex, edges: graph.edges, maxDepth: shape.maxDepth, depthSum: shape.depthSum, cold, warm }
  } finally {
    await client.stop()
    await delay(QUIET_MS)
  }
}

/** Times one ask, and counts its messages once every peer has finished its part. */
async function measured (overlay: LoopbackOverlay, run: () => Promise<AskTiming>): Promise<Measured> {
  const before = overlay.totals()
  const cpu = process.cpuUsage()
  const timing = await run()
  const used = process.cpuUsage(cpu)
  await waitFor(() => overlay.nodes.every(node => node.services.trace.flood.activeFloods === 0), {
    timeoutMs: REQUEST_TIMEOUT_MS, intervalMs: 10, what: 'every peer to finish its floods'
  })
  await delay(QUIET_MS)
  return { ...timing, messages: messageCount(before, overlay.totals(), timing.clientRequests), cpuMs: (used.user + used.system) / 1000 }
}

/** Memory after two full GCs, so what is counted is what is still held. */
function settledMemory (): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run with node --expose-gc')
  gc()
  gc()
  return process.memoryUsage()
}

function summary (record: InProcessRun): string {
  const { cold, warm } = record
  return `cold ${cold.lastResultMs.toFixed(0)}/${cold.totalMs.toFixed(0)} ms, warm ${warm.lastResultMs.toFixed(0)}/${warm.totalMs.toFixed(0)} ms, ` +
    `${cold.results} results, ${cold.messages.total} messages (E ${record.edges})`
}

function progress (text: string): void {
  process.stderr.write(text + '\n')
}

await main()
