// The generator's ground truth held against independent tools in real labs: every ending of every generated network
// (fixed seeds and a fresh one), both families, traced by scamper (icmp-paris, and udp-paris / IPv6 udp) and
// Linux traceroute (-I and UDP), each tool in its own copy of the lab. Rate limits are off here (IPv4's own limit on
// route errors, 1 s per error after a burst of 5, remains), so a tool's silence is the network's: scamper must see
// the truth exactly, but for the shapes where scamper itself is known to be wrong (listed below); traceroute's
// verdicts are printed, not asserted (it has no gap or loop stop, and reads any port unreachable as the end).

import assert from 'node:assert/strict'
import { createLab, requireRoot } from './index.js'
import type { Family, TraceMethod, TraceTruth } from './index.js'
import { drawTraceOptions, generateNetwork, NetworkTruth } from './generate.js'
import type { Ending, GeneratedNetwork, JobOptions } from './generate.js'
import { runScamper, runTraceroute } from './reference-tools.js'
import type { ObservedTrace, ToolOptions } from './reference-tools.js'
import { SeedPipeline, seedPlan, seedsAtOnce } from './seeds.js'
import { judge } from './truth-match.js'

const FAMILIES: Family[] = [4, 6]
const METHODS: TraceMethod[] = ['icmp', 'udp']
/**
 * The seed's drawn trace options (as the engine's property test uses them), over a gap limit of 3 where it draws none:
 * short, so the silent endings are quick (scamper waits gapLimit × wait), and the gap rule is checked too.
 */
function optionsOf (seed: number): Required<JobOptions> {
  return { firstHop: 1, maxHops: 30, gapLimit: 3, ...drawTraceOptions(seed) }
}
/** Seeds checked side by side (two lab copies each). */
const SEEDS_AT_ONCE = seedsAtOnce(6)
/** CI checks the first twenty fixed seeds and a fresh one; GENERATED_SEEDS=all checks every fixed seed. */
const CI_SEEDS = 20
const SEED_TIMEOUT_MS = 15 * 60_000

interface Observation {
  truth: TraceTruth
  scamper: ObservedTrace
  traceroute: ObservedTrace
}

type SeedObservations = Map<string, Observation>

const key = (ending: Ending, family: Family, method: TraceMethod): string => `${ending.id}/${method}/${family}`

/**
 * Where scamper 20211212 reports other than the lab does, each seen in these labs: a port unreachable from a router
 * ends its UDP trace as COMPLETED (it does not check who sent it), and its IPv6 UDP (classic, a new port per probe:
 * udp-paris matches nothing over IPv6) mixes equal-cost paths whose endings differ.
 */
function scamperKnownWrong (ending: Ending, family: Family, method: TraceMethod, truth: TraceTruth): string | undefined {
  if (method !== 'udp') return undefined
  const portUnreachable = family === 4 ? ending.reject?.with4 === 'icmp-port-unreachable' : ending.reject?.with6 === 'icmp6-port-unreachable'
  if (ending.kind === 'reject-forward' && portUnreachable) return 'scamper takes a port unreachable from a router for the destination'
  const endings = new Set(truth.paths.map(p => `${p.stop}${p.flag ?? ''}${p.hops.length}`))
  if (family === 6 && endings.size > 1) return 'scamper\'s IPv6 UDP is not Paris: it mixes paths whose endings differ'
  return undefined
}

/** Each tool in its own copy of the lab (the same spec): no tool's probes spend the ICMP tokens another needs. */
async function observe (network: GeneratedNetwork): Promise<SeedObservations> {
  const truth = new NetworkTruth(network)
  const options = optionsOf(network.seed)
  const toolOptions: ToolOptions = { ...options, waitSeconds: 1, attempts: 1 }
  const traces = network.endings.flatMap(ending => FAMILIES.flatMap(family => METHODS.map(method => ({
    ending, family, method, target: truth.target(ending, family)
  }))))
  const eachTrace = async (tool: typeof runScamper): Promise<ObservedTrace[]> => {
    const lab = await createLab(network.spec)
    try {
      const observed: ObservedTrace[] = []
      for (const t of traces) observed.push(await tool(lab, network.source, t.target, t.family, t.method, toolOptions))
      return observed
    } finally {
      await lab.destroy()
    }
  }
  const [scamper, traceroute] = await Promise.all([eachTrace(runScamper), eachTrace(runTraceroute)])
  return new Map(traces.map((t, i) => [key(t.ending, t.family, t.method), {
    truth: truth.truth(t.ending, t.family, { method: t.method, ...options }),
    scamper: scamper[i],
    traceroute: traceroute[i]
  }]))
}

const plan = seedPlan(CI_SEEDS)

describe(`harness: generated networks against scamper and traceroute, ${plan.title}`, function () {
  const networks = new Map(plan.seeds.map(seed => [seed, generateNetwork(seed, { rateLimits: false })]))
  const pipeline = new SeedPipeline(plan.seeds, async seed => await observe(networks.get(seed) as GeneratedNetwork), SEEDS_AT_ONCE)
  const tally = new Map<string, { right: number, total: number }>()
  const count = (row: string, right: boolean): void => {
    const entry = tally.get(row) ?? { right: 0, total: 0 }
    entry.total++
    if (right) entry.right++
    tally.set(row, entry)
  }

  before(function () { requireRoot(this) })

  after(function () {
    if (tally.size === 0) return
    const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b))
    console.log('      right/total per ending kind and tool (rate limits off):')
    for (const [row, { right, total }] of rows) console.log(`        ${row}: ${right}/${total}`)
  })

  for (const seed of plan.seeds) {
    const network = networks.get(seed) as GeneratedNetwork
    describe(`seed ${seed}: ${network.summary}; ${JSON.stringify(optionsOf(seed))}`, function () {
      let observations: SeedObservations | undefined

      before(async function () {
        this.timeout(SEED_TIMEOUT_MS)
        observations = await pipeline.get(seed)
      })

      for (const ending of network.endings) {
        for (const family of FAMILIES) {
          for (const method of METHODS) {
            it(`${ending.id} ${ending.label}: ${method} IPv${family}`, function () {
              const seen = observations?.get(key(ending, family, method))
              assert.ok(seen !== undefined, 'not observed')
              const scamper = judge(seen.truth, seen.scamper)
              const traceroute = judge(seen.truth, seen.traceroute)
              count(`${ending.kind} ${seen.scamper.tool.replace(/ .*/, '')} ${method}`, scamper.right)
              count(`${ending.kind} ${seen.traceroute.tool}`, traceroute.right)
              const excuse = scamperKnownWrong(ending, family, method, seen.truth)
              if (excuse !== undefined && !scamper.right) this.test!.title += ` (scamper wrong, known: ${excuse})`
              if (excuse !== undefined) return
              assert.ok(scamper.right, `SEED=${seed} ${key(ending, family, method)}: ${seen.scamper.tool} ${scamper.why ?? ''}` +
                `\n  truth ${JSON.stringify(seen.truth.paths)}\n  scamper ${JSON.stringify(seen.scamper)}`)
            })
          }
        }
      }
    })
  }
})
