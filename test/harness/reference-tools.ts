// Runs the independent tools, scamper and Linux traceroute, inside a lab node and reads what they report into one
// form (ObservedTrace), so a test can hold them and the engine against the same ground truth.

import { performance } from 'node:perf_hooks'
import { SILENT_HOP } from './constants.js'
import { parseTraceroute } from './system-traceroute.js'
import type { Family, Lab, TraceMethod, TruthStop } from './spec.js'
import { PORT_UNREACHABLE, tracerouteFlag } from './unreachable-codes.js'

type ReferenceTool = 'scamper' | 'traceroute'

export interface ObservedTrace {
  tool: string
  /** Per TTL from the first hop: the first address that answered, or '*'. */
  hops: string[]
  /** Every address per TTL, when a tool saw several at one TTL. */
  addrs?: string[][]
  flag?: string
  /** How the tool says it stopped; 'unknown' when it cannot say. */
  stop: TruthStop | 'unknown'
  reached: boolean
  /** True when the tool keeps one flow for all probes (the hops must follow one true path). */
  paris: boolean
  /** True when the tool has no gap or loop detection of its own (it runs on to maxHops). */
  runsToMaxHops: boolean
  /** True when the tool names the hop limit, not the gap limit, when both end the trace at one TTL (scamper). */
  hopLimitFirst?: boolean
  durationMs: number
}

export interface ToolOptions {
  firstHop: number
  maxHops: number
  gapLimit: number
  /** Seconds to wait for one answer. Default 1. */
  waitSeconds?: number
  /** scamper's probes per hop before it counts the hop silent. Default 2 (scamper's own). */
  attempts?: number
}

const DEFAULT_WAIT_SECONDS = 1
/** scamper's default attempts per hop. */
const SCAMPER_ATTEMPTS = 2
/** Slack over the longest run a tool can take (every TTL waiting for every attempt) before it counts as hung. */
const TOOL_SLACK_MS = 10_000

/**
 * `scamper -c 'trace -P icmp-paris|udp-paris …' -O json -i ADDR` in the node. scamper 20211212 (Debian 12) matches
 * no answer to its IPv6 udp-paris probes (a trace of nothing but '*', even on a plain line), so IPv6 UDP runs the
 * classic `-P udp` (a new destination port per probe), unless `paris` insists.
 */
export async function runScamper (lab: Lab, from: string, target: string, family: Family, method: TraceMethod,
  options: ToolOptions & { paris?: boolean }): Promise<ObservedTrace> {
  notTcp(method)
  const wait = options.waitSeconds ?? DEFAULT_WAIT_SECONDS
  const paris = options.paris ?? !(method === 'udp' && family === 6)
  const variant = paris ? `${method}-paris` : method
  const attempts = options.attempts ?? SCAMPER_ATTEMPTS
  const command = [
    'trace', '-P', variant, '-q', String(attempts), '-w', String(wait),
    '-f', String(options.firstHop), '-m', String(options.maxHops), '-g', String(options.gapLimit)
  ].join(' ')
  const started = performance.now()
  const result = await lab.exec(from, ['scamper', '-O', 'json', '-c', command, '-i', target], {
    timeoutMs: options.maxHops * attempts * wait * 1000 + TOOL_SLACK_MS
  })
  const durationMs = performance.now() - started
  if (result.code !== 0) throw new Error(`scamper in ${from} failed (${String(result.code ?? result.signal)}): ${result.stderr.trim()}`)
  return { ...parseScamperJson(result.stdout, family, method), paris, tool: `scamper ${variant}`, durationMs }
}

/** `traceroute -n -q1 [-I]` in the node (UDP: a new destination port per probe, so not one flow). */
export async function runTraceroute (lab: Lab, from: string, target: string, family: Family, method: TraceMethod,
  options: ToolOptions): Promise<ObservedTrace> {
  notTcp(method)
  const wait = options.waitSeconds ?? DEFAULT_WAIT_SECONDS
  const argv = [
    'traceroute', `-${family}`, '-n', '-q', '1', '-w', String(wait), '-f', String(options.firstHop),
    '-m', String(options.maxHops), ...(method === 'icmp' ? ['-I'] : []), target
  ]
  const started = performance.now()
  const result = await lab.exec(from, argv, { timeoutMs: options.maxHops * wait * 1000 + TOOL_SLACK_MS })
  const durationMs = performance.now() - started
  if (result.code !== 0) throw new Error(`traceroute in ${from} failed (${String(result.code ?? result.signal)}): ${result.stderr.trim()}`)
  const rows = parseTraceroute(result.stdout)
  const hops = rows.map(row => row.address)
  const last = rows[rows.length - 1]
  const observed: ObservedTrace = {
    tool: method === 'icmp' ? 'traceroute -I' : 'traceroute',
    hops,
    stop: 'unknown',
    reached: false,
    paris: method === 'icmp',
    runsToMaxHops: true,
    durationMs
  }
  if (last === undefined) return observed
  if (last.flag !== undefined) {
    observed.flag = last.flag
    observed.stop = 'unreachable'
  } else if (last.address !== SILENT_HOP && (last.address === target || last.ttl < options.maxHops)) {
    // traceroute stops at the target, and at a port unreachable from anyone: both read as "reached".
    observed.stop = 'reached'
    observed.reached = true
  } else {
    observed.stop = 'max-hops'
  }
  return observed
}

interface ScamperHop {
  addr: string
  probe_ttl: number
  icmp_type: number
  icmp_code: number
}

interface ScamperTrace {
  type: string
  stop_reason: string
  stop_data: number
  firsthop: number
  hop_count: number
  dst: string
  hops?: ScamperHop[]
}

const SCAMPER_STOPS: Readonly<Record<string, TruthStop>> = {
  COMPLETED: 'reached',
  UNREACH: 'unreachable',
  GAPLIMIT: 'gap',
  LOOP: 'loop',
  HOPLIMIT: 'max-hops'
}

/** Reads scamper's JSON output (one trace object among cycle records). */
function parseScamperJson (stdout: string, family: Family,
  method: TraceMethod): Omit<ObservedTrace, 'tool' | 'durationMs'> {
  const trace = stdout.split('\n').map(line => {
    try { return JSON.parse(line) as ScamperTrace } catch { return undefined }
  }).find(record => record?.type === 'trace')
  if (trace === undefined) throw new Error(`no trace in scamper's output: ${stdout.slice(0, 300)}`)
  const byTtl = new Map<number, ScamperHop[]>()
  for (const hop of trace.hops ?? []) byTtl.set(hop.probe_ttl, [...(byTtl.get(hop.probe_ttl) ?? []), hop])
  const hops: string[] = []
  const addrs: string[][] = []
  let several = false
  for (let ttl = trace.firsthop; ttl <= trace.hop_count; ttl++) {
    const seen = [...new Set((byTtl.get(ttl) ?? []).map(hop => hop.addr))]
    several ||= seen.length > 1
    hops.push(seen[0] ?? SILENT_HOP)
    addrs.push(seen)
  }
  const stop = SCAMPER_STOPS[trace.stop_reason] ?? 'unknown'
  const observed: Omit<ObservedTrace, 'tool' | 'durationMs'> = {
    hops, stop, reached: stop === 'reached', paris: true, runsToMaxHops: false, hopLimitFirst: true
  }
  if (several) observed.addrs = addrs
  const unreachType = family === 4 ? 3 : 1
  const lastTtl = trace.hop_count
  const final = (byTtl.get(lastTtl) ?? []).find(hop => hop.icmp_type === unreachType)
  const answeredByTarget = method === 'udp' && final?.icmp_code === PORT_UNREACHABLE[family] && final.addr === trace.dst
  if (stop === 'unreachable') observed.flag = tracerouteFlag(family, trace.stop_data)
  else if (final !== undefined && !answeredByTarget) observed.flag = tracerouteFlag(family, final.icmp_code)
  return observed
}

/**
 * The reference runs here read ICMP and UDP traces only (scamper has no tcp-paris, and their readers judge the
 * answer by ICMP codes); test/engine/tcp.test.ts holds the TCP method against `traceroute -T` itself.
 */
function notTcp (method: TraceMethod): void {
  if (method === 'tcp') throw new Error('the reference tools are compared for icmp and udp only')
}
