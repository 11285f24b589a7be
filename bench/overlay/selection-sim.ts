// Simulates `trace --from probe --limit K` over large in-memory overlays (the real FloodService on the MemoryNetwork):
// what a trace costs when only K vantage points probe, against every one, on random graphs of 1,000 and 10,000
// peers whose probers take a random 0..probe-ms ms. Counts messages by kind, probes run, results the requester
// received, the time to the last result and until every flood in the overlay has ended, and the CPU spent.
// With a limit the entry delivers the request straight to the K chosen peers (selection/direct.ts); `--delivery flood`
// leaves the entry out of the request, which makes it flood as before direct delivery, for comparison.
// Run: npx tsc -p tsconfig.json && node dist/bench/overlay/selection-sim.js [--sizes 1000,10000] [--degree 6]
//      [--limits all,10] [--delivery direct,flood] [--match 1] [--seed 1] [--probe-ms 2000]. Writes bench/out/selection-sim.json.

import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import type { LocalProber } from '../../src/overlay/index.js'
import { drawVantages } from '../../src/overlay/selection/sample.js'
import { systemClock } from '../../src/time/clock.js'
import { FloodNet, instantProber } from '../../test/overlay/flood-net.js'
import { randomConnectedGraph } from '../../test/overlay/topology.js'
import { seededRandom } from '../../test/random/seeded-random.js'

const DEADLINE_MS = 60_000
const HOP_BUDGET = 16

type Delivery = 'direct' | 'flood'

interface Row {
  peers: number
  edges: number
  matching: number
  limit: number | 'all'
  delivery: Delivery
  /** Peers that received the request (served it, or turned a copy away). */
  reached: number
  probes: number
  received: number
  requests: number
  results: number
  ends: number
  messages: number
  lastResultMs: number
  quietMs: number
  cpuMs: number
}

async function simulate (peers: number, degree: number, match: number, limit: number | 'all', delivery: Delivery, seed: number,
  probeMs: number): Promise<Row> {
  const random = seededRandom(seed)
  const edges = randomConnectedGraph(peers, degree, random)
  const tags: Record<string, string[]> = {}
  const matching: string[] = []
  for (let i = 0; i < peers; i++) {
    const hit = random() < match
    tags[`p${i}`] = hit ? ['probe'] : []
    if (hit) matching.push(`p${i}`)
  }
  let probes = 0
  const delay = seededRandom(seed + 1)
  const prober: LocalProber = async (request, signal) => {
    probes++
    if (probeMs > 0) await new Promise((resolve) => setTimeout(resolve, delay() * probeMs))
    return await instantProber(request, signal)
  }
  const probers = Object.fromEntries([...Array(peers).keys()].map((i) => [`p${i}`, prober]))
  const net = new FloodNet({ size: peers, edges, probers, tags, init: { maxHopBudget: HOP_BUDGET }, clock: systemClock })
  const id = [...Array(16)].map(() => Math.floor(random() * 256).toString(16).padStart(2, '0')).join('')
  const selector = limit === 'all'
    ? { terms: ['probe'] }
    : { terms: ['probe'], limit, chosen: drawVantages(id, matching, limit) }
  const request = await net.request({ id, initialHopBudget: HOP_BUDGET, hopBudget: HOP_BUDGET, deadline: Date.now() + DEADLINE_MS, ...(delivery === 'direct' ? { entry: 'p0' } : {}), selector })
  const cpu = process.cpuUsage()
  const started = performance.now()
  const { results } = await net.trace(request)
  const lastResultMs = performance.now() - started
  // The requester is done; the overlay may still be finishing floods below (without an early end, until each ends).
  await net.until(() => net.activeFloods() === 0)
  const quietMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  const stats = net.network.stats
  net.stop()
  return {
    peers,
    edges: edges.length + 1,
    matching: matching.length,
    limit,
    delivery,
    reached: [...net.services.values()].filter((s) => s.counters.floodsServed + s.counters.duplicatesDropped + s.counters.directRefused > 0).length,
    probes,
    received: results.length,
    requests: stats.requests,
    results: stats.results,
    ends: stats.ends,
    messages: stats.messages,
    lastResultMs: Math.round(lastResultMs),
    quietMs: Math.round(quietMs),
    cpuMs: Math.round((used.user + used.system) / 1000)
  }
}

function printTable (rows: Row[]): void {
  const columns: Array<[string, (row: Row) => string]> = [
    ['peers', (r) => String(r.peers)],
    ['edges', (r) => String(r.edges)],
    ['matching', (r) => String(r.matching)],
    ['K', (r) => String(r.limit)],
    ['delivery', (r) => r.limit === 'all' ? 'flood' : r.delivery],
    ['reached', (r) => String(r.reached)],
    ['probes', (r) => String(r.probes)],
    ['received', (r) => String(r.received)],
    ['req/res/end', (r) => `${r.requests}/${r.results}/${r.ends}`],
    ['messages', (r) => String(r.messages)],
    ['last result ms', (r) => String(r.lastResultMs)],
    ['all ended ms', (r) => String(r.quietMs)],
    ['cpu ms', (r) => String(r.cpuMs)]
  ]
  const cells = [columns.map(([name]) => name), ...rows.map((row) => columns.map(([, cell]) => cell(row)))]
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)))
  for (const line of cells) console.log(line.map((cell, i) => cell.padStart(widths[i] as number)).join('  '))
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      degree: { type: 'string', default: '6' },
      limits: { type: 'string', default: 'all,10' },
      delivery: { type: 'string', default: 'direct,flood' },
      match: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      'probe-ms': { type: 'string', default: '2000' }
    }
  })
  const sizes = (values.sizes ?? '').split(',').map(Number)
  const limits = (values.limits ?? '').split(',').map((l) => l === 'all' ? 'all' as const : Number(l))
  const deliveries = (values.delivery ?? '').split(',') as Delivery[]
  if (deliveries.some((d) => d !== 'direct' && d !== 'flood')) throw new Error('--delivery takes direct, flood or both')
  const degree = Number(values.degree)
  const match = Number(values.match)
  const seed = Number(values.seed)
  const probeMs = Number(values['probe-ms'])
  console.log(`selection simulation: degree ~${degree}, ${match * 100}% of peers match, probers take 0..${probeMs} ms, ` +
    `hop budget ${HOP_BUDGET}, node ${process.version}, ${cpus().length} CPUs`)
  const rows: Row[] = []
  for (const peers of sizes) {
    for (const limit of limits) {
      // Without a limit nothing is chosen: the request floods either way.
      for (const delivery of limit === 'all' ? ['flood' as const] : deliveries) {
        rows.push(await simulate(peers, degree, match, limit, delivery, seed, probeMs))
        printTable(rows.slice(-1))
      }
    }
  }
  console.log('')
  printTable(rows)
  const out = new URL('../../../bench/out/', import.meta.url)
  mkdirSync(out, { recursive: true })
  const file = new URL('selection-sim.json', out)
  writeFileSync(file, JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, cpus: cpus().length, degree, match, seed, probeMs, rows }, null, 2) + '\n')
  console.log(`\nwrote ${file.pathname}`)
}

await main()
