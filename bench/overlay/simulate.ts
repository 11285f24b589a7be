// Simulates one trace over large in-memory overlays (the real FloodService on the MemoryNetwork): random graphs of
// 1,000 and 10,000 peers, a share of them killed mid-trace, and prints coverage, losses, message counts and cost.
// Run: npx tsc -p tsconfig.json && node dist/bench/overlay/simulate.js [--sizes 1000,10000] [--degree 6]
//      [--kill 0.1] [--seed 1] [--probe-ms 0]. Writes bench/out/overlay-sim.json.
// --probe-ms N makes each live prober take a random 0..N ms instead of answering at once, as real traceroutes
// take far longer than the flood: peers then die while the results below them are still to come.

import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import type { LocalProber } from '../../src/overlay/index.js'
import { systemClock } from '../../src/time/clock.js'
import { FloodNet, hungProber, instantProber } from '../../test/overlay/flood-net.js'
import { randomConnectedGraph } from '../../test/overlay/topology.js'
import { seededRandom } from '../../test/random/seeded-random.js'

const DEFAULT_SIZES = '1000,10000'
const DEFAULT_DEGREE = 6
const DEFAULT_KILL_FRACTION = 0.1
const DEFAULT_SEED = 1
/** Long enough that no run gets near it: the trace must end because everything ended, not because time ran out. */
const DEADLINE_MS = 60_000
const HOP_BUDGET = 16
const RSS_SAMPLE_MS = 50

/** When the victims die: once the flood has reached half of them, or all of them (each then hangs in its probe). */
type KillAt = 'none' | 'half-reached' | 'all-reached'

interface Row {
  peers: number
  edges: number
  killAt: KillAt
  killed: number
  /** When the victims were killed, from the start of the trace. */
  killedAtMs: number | null
  alive: number
  answered: number
  coverage: number
  unreached: number
  resultsLost: number
  messages: number
  messagesPerEdge: number
  requests: number
  results: number
  ends: number
  duplicatesDropped: number
  resultsRelayed: number
  failedInSummary: number
  traceMs: number
  deadlineMs: number
  rssMb: number
  peakRssMb: number
  heapMb: number
}

async function simulate (peers: number, degree: number, killFraction: number, killAt: KillAt, seed: number, probeMs: number): Promise<Row> {
  const random = seededRandom(seed)
  const edges = randomConnectedGraph(peers, degree, random)
  const victims = new Set<string>()
  if (killAt !== 'none') {
    while (victims.size < Math.round(peers * killFraction)) {
      const pick = 1 + Math.floor(random() * (peers - 1)) // never p0, the entry
      victims.add(`p${pick}`)
    }
  }
  const reached = new Set<string>()
  const produced = new Set<string>()
  const killTrigger = killAt === 'half-reached' ? Math.ceil(victims.size / 2) : victims.size
  let victimsReached = 0
  let killedAt: number | undefined
  let started = 0
  let net: FloodNet | undefined
  const killAll = (): void => {
    killedAt = performance.now()
    for (const victim of victims) net?.kill(victim)
  }
  const probers: Record<string, LocalProber> = {}
  for (let i = 0; i < peers; i++) {
    const id = `p${i}`
    probers[id] = victims.has(id)
      ? async (request, signal) => {
        reached.add(id)
        // Kill from a fresh turn of the event loop: the flood is under way, not inside this call.
        if (++victimsReached === killTrigger) setImmediate(killAll)
        return await hungProber(request, signal)
      }
      : async (request, signal) => {
        reached.add(id)
        if (probeMs > 0) await new Promise((resolve) => setTimeout(resolve, random() * probeMs))
        const outcome = await instantProber(request, signal)
        produced.add(id)
        return outcome
      }
  }
  // The simulation measures real time: the system clock, not the tests' ManualClock.
  net = new FloodNet({ size: peers, edges, probers, init: { maxHopBudget: HOP_BUDGET }, clock: systemClock })
  const request = await net.request({ initialHopBudget: HOP_BUDGET, hopBudget: HOP_BUDGET, deadline: Date.now() + DEADLINE_MS, entry: 'p0' })

  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, RSS_SAMPLE_MS)
  started = performance.now()
  const { results, summary } = await net.trace(request)
  const traceMs = performance.now() - started
  clearInterval(sampler)
  const memory = process.memoryUsage()
  peakRss = Math.max(peakRss, memory.rss)

  const alive = peers - victims.size
  const answeredAlive = new Set(results.filter((r) => !victims.has(r.peer) && r.trace !== undefined).map((r) => r.peer))
  const lost = [...produced].filter((peer) => !answeredAlive.has(peer)).length
  const unreached = [...Array(peers).keys()].map((i) => `p${i}`).filter((id) => !victims.has(id) && !reached.has(id)).length
  const totals = net.totals()
  const stats = net.network.stats
  const allEdges = edges.length + 1 // and the origin's link to the entry
  net.stop()
  if (killAt !== 'none' && killedAt === undefined) throw new Error(`the flood never reached ${killTrigger} victims`)
  return {
    peers,
    edges: allEdges,
    killAt,
    killed: victims.size,
    killedAtMs: killedAt === undefined ? null : Math.round(killedAt - started),
    alive,
    answered: answeredAlive.size,
    coverage: answeredAlive.size / alive,
    unreached,
    resultsLost: lost,
    messages: stats.messages,
    messagesPerEdge: stats.messages / allEdges,
    requests: stats.requests,
    results: stats.results,
    ends: stats.ends,
    duplicatesDropped: totals.duplicatesDropped,
    resultsRelayed: totals.resultsRelayed,
    failedInSummary: summary.failed.length,
    traceMs: Math.round(traceMs),
    deadlineMs: DEADLINE_MS,
    rssMb: Math.round(memory.rss / 2 ** 20),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    heapMb: Math.round(memory.heapUsed / 2 ** 20)
  }
}

function printTable (rows: Row[]): void {
  const columns: Array<[string, (row: Row) => string]> = [
    ['peers', (r) => String(r.peers)],
    ['edges', (r) => String(r.edges)],
    ['kill at', (r) => r.killAt],
    ['killed', (r) => String(r.killed)],
    ['at ms', (r) => r.killedAtMs === null ? '-' : String(r.killedAtMs)],
    ['coverage', (r) => `${(r.coverage * 100).toFixed(2)}%`],
    ['answered/alive', (r) => `${r.answered}/${r.alive}`],
    ['lost', (r) => String(r.resultsLost)],
    ['unreached', (r) => String(r.unreached)],
    ['messages', (r) => String(r.messages)],
    ['msg/edge', (r) => r.messagesPerEdge.toFixed(2)],
    ['req/res/end', (r) => `${r.requests}/${r.results}/${r.ends}`],
    ['dups dropped', (r) => String(r.duplicatesDropped)],
    ['relayed', (r) => String(r.resultsRelayed)],
    ['failed', (r) => String(r.failedInSummary)],
    ['trace ms', (r) => String(r.traceMs)],
    ['rss MB', (r) => `${r.rssMb} (peak ${r.peakRssMb})`]
  ]
  const cells = [columns.map(([name]) => name), ...rows.map((row) => columns.map(([, cell]) => cell(row)))]
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)))
  for (const line of cells) console.log(line.map((cell, i) => cell.padStart(widths[i] as number)).join('  '))
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: DEFAULT_SIZES },
      degree: { type: 'string', default: String(DEFAULT_DEGREE) },
      kill: { type: 'string', default: String(DEFAULT_KILL_FRACTION) },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'probe-ms': { type: 'string', default: '0' }
    }
  })
  const sizes = (values.sizes ?? DEFAULT_SIZES).split(',').map(Number)
  const degree = Number(values.degree)
  const kill = Number(values.kill)
  const seed = Number(values.seed)
  const probeMs = Number(values['probe-ms'])
  console.log(`overlay flood simulation: degree ~${degree}, ${kill * 100}% killed mid-trace (their probers hang), ` +
    `hop budget ${HOP_BUDGET}, live probers ${probeMs > 0 ? `take 0..${probeMs} ms` : 'answer at once'}, ` +
    `node ${process.version}, ${cpus().length} CPUs`)
  const rows: Row[] = []
  for (const peers of sizes) {
    for (const killAt of ['none', 'half-reached', 'all-reached'] as const) {
      rows.push(await simulate(peers, degree, kill, killAt, seed, probeMs))
      printTable(rows.slice(-1))
    }
  }
  console.log('')
  printTable(rows)
  const out = new URL('../../../bench/out/', import.meta.url)
  mkdirSync(out, { recursive: true })
  const file = new URL('overlay-sim.json', out)
  writeFileSync(file, JSON.stringify({
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    degree,
    killFraction: kill,
    hopBudget: HOP_BUDGET,
    seed,
    probeMs,
    rows
  }, null, 2) + '\n')
  console.log(`\nwrote ${file.pathname}`)
}

await main()
