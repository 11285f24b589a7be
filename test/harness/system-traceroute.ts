// Runs the system traceroute inside a lab node and reads its hops, to hold ground truth (and our engine) against
// an independent implementation. One query per hop (-q1), numeric (-n).

import type { Family, Lab } from './spec.js'

export interface TracerouteHop {
  ttl: number
  /** The answering address, or '*' when the hop stayed silent. */
  address: string
  /** A traceroute annotation such as '!H', '!N', '!X' when the answer was an unreachable error. */
  flag?: string
}

export interface SystemTracerouteOptions {
  /** traceroute's -w: the longest wait for one answer, in seconds. Default 1. */
  waitSeconds?: number
  /** Highest TTL (traceroute's -m). Default 30. */
  maxTtl?: number
  /** Anything else for the command line, e.g. ['-I'] or ['-T']. */
  extraArgs?: string[]
  timeoutMs?: number
}

const DEFAULT_WAIT_SECONDS = 1
const DEFAULT_MAX_TTL = 30
const HOP_LINE = /^\s*(\d+)\s+(.*)$/

export async function systemTraceroute (lab: Lab, from: string, target: string, family: Family,
  options: SystemTracerouteOptions = {}): Promise<TracerouteHop[]> {
  const argv = [
    'traceroute', `-${family}`, '-n', '-q', '1',
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

/** Reads `traceroute -n -q1` output: one hop per numbered line; the header line is skipped. */
export function parseTraceroute (stdout: string): TracerouteHop[] {
  const hops: TracerouteHop[] = []
  for (const line of stdout.split('\n')) {
    const match = HOP_LINE.exec(line)
    if (match === null) continue
    const tokens = match[2].trim().split(/\s+/)
    const hop: TracerouteHop = { ttl: Number(match[1]), address: tokens[0] }
    const flag = tokens.find(token => token.startsWith('!'))
    if (flag !== undefined) hop.flag = flag
    hops.push(hop)
  }
  return hops
}
