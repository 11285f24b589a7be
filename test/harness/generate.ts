// Draws random networks with their ground truth, from a seed: a line or a mesh of 2-12 routers between a source
// host `src` and a target host `dst`, ECMP at 0-3 places, 0-3 silent routers, ICMP rate limiting on or off per
// node, and several endings in the one network, each reached through its own target address (generate-endings.ts).
// The same seed gives the same network on every machine; tests print it so a failure can be replayed.

import { AddressPlan } from './address-plan.js'
import { drawEndings } from './generate-endings.js'
import { errorTokens } from './error-tokens.js'
import type { Ending, EndingKind } from './generate-endings.js'
import { Prng } from './prng.js'
import { routesTowards } from './route-dag.js'
import { RoutingTable } from './routing.js'
import type { Family, LinkSpec, RouterSpec, TopologySpec, TraceTruth, TruthOptions } from './spec.js'
import { parseTopology } from './topology.js'
import { addressOfName, errorSpends, traceTruth } from './trace-truth.js'
import type { TruthContext } from './trace-truth.js'

export type { Ending, EndingKind } from './generate-endings.js'
export { ENDING_KINDS } from './generate-endings.js'

type Shape = 'line' | 'mesh'
type SilentPattern = 'first' | 'consecutive' | 'before-end' | 'scattered'

const SOURCE = 'src'
const TARGET_HOST = 'dst'
export const MIN_ROUTERS = 2
export const MAX_ROUTERS = 12
export const MAX_ECMP_PLACES = 3
export const MAX_SILENT = 3
/** Chance that a node keeps the kernel's ICMP rate limit (the rest answer every probe). */
const RATE_LIMIT_CHANCE = 0.3
/** Endings besides `reached`, per network, unless the caller says. */
const DEFAULT_EXTRA_ENDINGS = 4

export interface GenerateOptions {
  /** Endings besides `reached`; default 4. */
  endings?: number
  /** Draw the endings from these kinds only. */
  kinds?: readonly EndingKind[]
  /**
   * False turns every node's ICMP rate limit off and changes nothing else (the draws are the same), for checks
   * where a tool's silence must be the network's, never a rate limit's. Default true: drawn per node.
   */
  rateLimits?: boolean
}

export interface GeneratedNetwork {
  seed: number
  shape: Shape
  spec: TopologySpec
  /** Every trace starts here. */
  source: string
  /** The first is always `reached` (the host dst). */
  endings: Ending[]
  /** Routers with more than one equal-cost next hop towards dst. */
  ecmpPlaces: string[]
  silent: string[]
  silentPattern: SilentPattern
  rateLimited: string[]
  /** One line saying all of the above, for test titles and failure messages. */
  summary: string
}

/** The network a seed stands for. */
export function generateNetwork (seed: number, options: GenerateOptions = {}): GeneratedNetwork {
  const rng = new Prng(seed)
  const shape: Shape = rng.chance(0.5) ? 'line' : 'mesh'
  const routerCount = rng.int(MIN_ROUTERS, MAX_ROUTERS)
  const wantEcmp = rng.int(0, MAX_ECMP_PLACES)
  const draft = shape === 'line' ? drawLine(rng, routerCount, wantEcmp) : drawMesh(rng, routerCount, wantEcmp)

  const limits = options.rateLimits ?? true
  const routers: RouterSpec[] = draft.routers.map(name => ({ name, rateLimit: rng.chance(RATE_LIMIT_CHANCE) && limits }))
  const dstRateLimit = rng.chance(RATE_LIMIT_CHANCE) && limits
  const base: TopologySpec = {
    hosts: [{ name: SOURCE, rateLimit: false }, { name: TARGET_HOST, rateLimit: dstRateLimit }],
    routers,
    links: draft.links
  }
  const topology = parseTopology(base)
  const towardsDst = routesTowards(topology, SOURCE, TARGET_HOST)
  const mainPath = towardsDst.firstPath
  const { silent, pattern } = drawSilent(rng, mainPath, draft.routers)
  for (const router of routers) router.silent = silent.includes(router.name)

  const endings = drawEndings(rng, base, topology, towardsDst.routers, options.endings ?? DEFAULT_EXTRA_ENDINGS, options.kinds)
  const spec = endings.spec
  const ecmpPlaces = towardsDst.forks
  const rateLimited = [...routers.filter(r => r.rateLimit === true).map(r => r.name), ...(dstRateLimit ? [TARGET_HOST] : [])]
  const summary = [
    `${shape} of ${routers.length} routers`,
    `path ${mainPath.join('-')}`,
    `ECMP at ${ecmpPlaces.length === 0 ? 'none' : ecmpPlaces.join(',')}`,
    `silent ${silent.length === 0 ? 'none' : `${silent.join(',')} (${pattern})`}`,
    `rate-limited ${rateLimited.length === 0 ? 'none' : rateLimited.join(',')}`,
    `endings ${endings.endings.map(e => `${e.id}=${e.label}`).join('; ')}`
  ].join(', ')
  return {
    seed, shape, spec, source: SOURCE, endings: endings.endings, ecmpPlaces, silent, silentPattern: pattern,
    rateLimited, summary
  }
}

/** The trace options a seed draws for all its traces; left out, the engine's defaults (and the truth's) apply. */
export interface JobOptions {
  firstHop?: number
  maxHops?: number
  gapLimit?: number
}

/**
 * Trace options from the seed (a stream of its own, so they do not shift the network): mostly the defaults; now
 * and then a shorter gap limit, a first hop of 2, or a max-hops that cuts the path.
 */
export function drawTraceOptions (seed: number): JobOptions {
  const rng = new Prng((seed ^ 0x5bd1e995) >>> 0)
  const options: JobOptions = {}
  if (rng.chance(0.2)) options.gapLimit = rng.int(2, 4)
  if (rng.chance(0.15)) options.firstHop = 2
  if (rng.chance(0.15)) options.maxHops = rng.int((options.firstHop ?? 1) + 2, 8)
  return options
}

/**
 * The truth of a generated network without a lab (the same topology, addresses and routes the lab builds), so a
 * test can say what each trace must give before any namespace exists.
 */
export class NetworkTruth {
  private readonly context: TruthContext

  constructor (readonly network: GeneratedNetwork) {
    const topology = parseTopology(network.spec)
    this.context = { topology, plan: new AddressPlan(topology), routes: new RoutingTable(topology) }
  }

  /** The address a trace of this ending goes to. */
  target (ending: Ending, family: Family): string {
    if ('name' in ending.target) {
      const address = addressOfName(this.context, ending.target.name, family)
      if (address === undefined) throw new Error(`ending ${ending.id}: nothing is named ${ending.target.name}`)
      return address
    }
    const { node, peer } = ending.target
    const link = this.context.topology.links.find(l => (l.a === node && l.b === peer) || (l.a === peer && l.b === node))
    if (link === undefined) throw new Error(`ending ${ending.id}: ${node} has no link to ${peer}`)
    return this.context.plan.address(link, node, family)
  }

  truth (ending: Ending, family: Family, options: TruthOptions): TraceTruth {
    return traceTruth(this.context, this.network.source, this.target(ending, family), family, options)
  }

  /** The ICMP error tokens each rate-limited node spends on the probes this ending's reading needs (error-tokens.ts). */
  errorTokens (ending: Ending, family: Family, options: TruthOptions): Map<string, number> {
    const spends = errorSpends(this.context, this.network.source, this.target(ending, family), family, options)
    return errorTokens(spends, family, new Set(this.network.rateLimited))
  }
}

interface Draft {
  routers: string[]
  links: LinkSpec[]
}

const routerName = (i: number): string => `r${i}`

/**
 * A chain r1…rk from src to dst with diamonds: a branch of one or two routers beside one or two chain routers,
 * forking at the router before them. Diamonds that do not fit the router budget are left out.
 */
function drawLine (rng: Prng, routerCount: number, ecmp: number): Draft {
  const lengths: number[] = []
  for (let i = 0; i < ecmp; i++) lengths.push(rng.chance(0.7) ? 1 : 2)
  while (true) {
    const placed = placeDiamonds(rng, routerCount - sum(lengths), lengths)
    if (placed !== undefined) return buildLine(routerCount - sum(lengths), lengths, placed)
    lengths.pop()
  }
}

/**
 * Fork positions (0-based chain indexes) for diamonds of these branch lengths, a branch joining the chain at
 * fork+length+1: forks distinct, the chain routers a branch runs beside not shared. Undefined when they do not fit.
 */
function placeDiamonds (rng: Prng, chainLength: number, lengths: number[]): number[] | undefined {
  const forks = new Set<number>()
  const beside = new Set<number>()
  const placed: number[] = []
  for (const length of lengths) {
    const candidates: number[] = []
    for (let f = 0; f + length + 1 < chainLength; f++) {
      const inside = Array.from({ length }, (_, i) => f + 1 + i)
      if (!forks.has(f) && inside.every(i => !beside.has(i))) candidates.push(f)
    }
    if (candidates.length === 0) return undefined
    const fork = rng.pick(candidates)
    forks.add(fork)
    for (let i = 1; i <= length; i++) beside.add(fork + i)
    placed.push(fork)
  }
  return placed
}

function buildLine (chainLength: number, lengths: number[], forkAt: number[]): Draft {
  const chain = Array.from({ length: chainLength }, (_, i) => routerName(i + 1))
  const routers = [...chain]
  const links: LinkSpec[] = [{ a: SOURCE, b: chain[0] }, ...chain.slice(1).map((b, i) => ({ a: chain[i], b }))]
  lengths.forEach((length, d) => {
    const branch = Array.from({ length }, (_, i) => routerName(routers.length + 1 + i))
    routers.push(...branch)
    const hops = [chain[forkAt[d]], ...branch, chain[forkAt[d] + length + 1]]
    links.push(...hops.slice(1).map((b, i) => ({ a: hops[i], b })))
  })
  links.push({ a: chain[chainLength - 1], b: TARGET_HOST })
  return { routers, links }
}

/**
 * A line with some of its routers moved to the side: each side router hangs off one or two routers already there,
 * and a chord or two joins routers that were not linked. Extra links that would give more than MAX_ECMP_PLACES forks
 * towards dst are dropped, last first.
 */
function drawMesh (rng: Prng, routerCount: number, ecmp: number): Draft {
  const sideCount = routerCount > MIN_ROUTERS ? rng.int(1, Math.min(3, routerCount - MIN_ROUTERS)) : 0
  const draft = drawLine(rng, routerCount - sideCount, ecmp)
  const kept: LinkSpec[] = [...draft.links]
  const optional: LinkSpec[] = []
  const linked = (a: string, b: string): boolean =>
    [...kept, ...optional].some(l => (l.a === a && l.b === b) || (l.a === b && l.b === a))
  for (let i = 0; i < sideCount; i++) {
    const name = routerName(draft.routers.length + 1)
    const anchors = rng.shuffle(draft.routers)
    draft.routers.push(name)
    kept.push({ a: anchors[0], b: name })
    if (anchors.length > 1 && rng.chance(0.5)) optional.push({ a: anchors[1], b: name })
  }
  const chords = rng.int(0, 2)
  for (let i = 0; i < chords; i++) {
    const [a, b] = rng.shuffle(draft.routers)
    if (b !== undefined && !linked(a, b)) optional.push({ a, b })
  }
  // dst's link stays last, so the address plan numbers links the same way for a line and a mesh.
  const dstLink = kept.findIndex(l => l.b === TARGET_HOST)
  const [toDst] = kept.splice(dstLink, 1)
  while (true) {
    const links = [...kept, ...optional, toDst]
    const topology = parseTopology({ hosts: [{ name: SOURCE }, { name: TARGET_HOST }], routers: draft.routers.map(name => ({ name })), links })
    if (routesTowards(topology, SOURCE, TARGET_HOST).forks.length <= MAX_ECMP_PLACES || optional.length === 0) {
      return { routers: draft.routers, links }
    }
    optional.pop()
  }
}

/** 0-3 silent routers: the first hop, a consecutive run, the last routers before dst, or anywhere. */
function drawSilent (rng: Prng, mainPath: string[], routers: string[]): { silent: string[], pattern: SilentPattern } {
  const count = Math.min(rng.int(0, MAX_SILENT), mainPath.length)
  const pattern = rng.pick<SilentPattern>(['first', 'consecutive', 'before-end', 'scattered'])
  if (count === 0) return { silent: [], pattern }
  let silent: string[]
  switch (pattern) {
    case 'first':
      silent = [mainPath[0], ...rng.shuffle(routers.filter(r => r !== mainPath[0])).slice(0, count - 1)]
      break
    case 'consecutive': {
      const start = rng.int(0, mainPath.length - count)
      silent = mainPath.slice(start, start + count)
      break
    }
    case 'before-end':
      silent = mainPath.slice(mainPath.length - count)
      break
    case 'scattered':
      silent = rng.shuffle(routers).slice(0, count)
      break
  }
  return { silent: silent.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))), pattern }
}

function sum (values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
