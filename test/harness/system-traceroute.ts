// Runs the system traceroute inside a lab node and reads its hops, to hold ground truth (and our engine) against
// an independent implementation. One query per hop (-q1) unless asked for more, numeric (-n).

import type { Family, Lab } from './spec.js'

export interface TracerouteHop {
  ttl: number
  /** The answering address, or '*' when the hop stayed silent. */
  address: string
  /** A traceroute annotation such as '!H', '!N', '!X' when the answer was an unreachable error. */
  flag?: string
  /** The round-trip times the line shows (ms), one per answered query. */
  rtts: number[]
}

export interface SystemTracerouteOptions {
  /** traceroute's -w: the longest wait for one answer, in seconds. Default 1. */
  waitSeconds?: number
  /** Highest TTL (traceroute's -m). Default 30. */
  maxTtl?: number
  /** Probes per hop (traceroute's -q). Default 1. */
  queries?: number
  /** Anything else for the command line, e.g. ['-I'] or ['-T']. */
  extraArgs?: string[]
  timeoutMs?: number
}

const DEFAULT_WAIT_SECONDS = 1
const DEFAULT_MAX_TTL = 30
const DEFAULT_QUERIES = 1
const HOP_LINE = /^\s*(\d+)\s+(.*)$/

export async function systemTraceroute (lab: Lab, from: string, target: string, family: Family,
  options: SystemTracerouteOptions = {}): Promise<TracerouteHop[]> {
  const argv = [
    'traceroute', `-${family}`, '-n', '-q', String(options.queries ?? DEFAULT_QUERIES),
    '-w', String(options.waitSeconds ?? DEFAULT_WAIT_SECONDS),
    '-m', String(options.maxTtl ?? DEFAULT_MAX_TTL),
    ...(options.extraArgs ?? []),
    target
  ]
  const result = await lab.exec(from, argv, { timeoutMs: options.timeoutMs })
  if (result.code !== 0) {
    throw new Error(`traceroute in ${from} failed (${String(result.code ?? result.signal)}): ${result.stderr.trim()}`)
  }
  return parseTraceroute(result.stdout)
}

/**
 * Reads `traceroute -n` output: one hop per numbered line (its first address, its RTTs: every number followed by
 * `ms`); the header line is skipped.
 */
export function parseTraceroute (stdout: string): TracerouteHop[] {
  const hops: TracerouteHop[] = []
  for (const line of stdout.split('\n')) {
    const match = HOP_LINE.exec(line)
    if (match === null) continue
    const tokens = match[2].trim().split(/\s+/)
    const rtts = tokens.flatMap((token, i) => tokens[i + 1] === 'ms' ? [Number(token)] : [])
    const hop: TracerouteHop = { ttl: Number(match[1]), address: tokens[0], rtts }
    const flag = tokens.find(token => token.startsWith('!'))
    if (flag !== undefined) hop.flag = flag
    hops.push(hop)
  }
  return hops
}
