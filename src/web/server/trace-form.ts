// The body of POST /api/traces, checked field by field into the runner's parameters: every bound is the CLI's
// (`peertrace trace`), so the web can ask for nothing the command line could not.

import type { LocalTraceParams } from '../../node/service/operator-traces.js'
import { MAX_PROBE_PORT, MAX_SELECTION_LIMIT, MAX_TARGET_LENGTH } from '../../model/limits.js'
import { parseSelector } from '../../model/selector.js'
import { METHODS } from '../../model/trace.js'
import {
  DEFAULT_MAX_HOPS, DEFAULT_METHOD, DEFAULT_QUERIES, DEFAULT_TRACE_TIMEOUT_S, MAX_MAX_HOPS, MAX_QUERIES, MAX_ROUNDS,
  MAX_TRACE_TIMEOUT_S
} from './constants.js'
import { HttpError } from './errors.js'

const TRACE_FIELDS = ['target', 'method', 'port', 'timeout', 'maxHops', 'queries', 'rounds', 'from', 'limit'] as const

/**
 * Host-name and IP-literal characters only: letters, digits, '.', '-', ':' (IPv6) and '_' (seen in real DNS
 * names). Each peer resolves the target itself, so nothing more can be checked here.
 */
const TARGET_PATTERN = /^[A-Za-z0-9._:-]+$/

/** The runner's parameters for a request body, or an HttpError 400 naming the first thing wrong with it. */
export function parseTraceForm (body: Record<string, unknown>): LocalTraceParams {
  const unknown = Object.keys(body).filter(key => !(TRACE_FIELDS as readonly string[]).includes(key))
  if (unknown.length > 0) throw bad(`unknown field: ${unknown[0].slice(0, 64)}`)

  const target = body.target
  if (typeof target !== 'string') throw bad('target must be a string')
  if (target.length === 0) throw bad('target is empty')
  if (target.length > MAX_TARGET_LENGTH) throw bad(`target is longer than ${MAX_TARGET_LENGTH} characters`)
  if (!TARGET_PATTERN.test(target)) throw bad('target must be a host name or an IP address')

  const method = body.method === undefined ? DEFAULT_METHOD : body.method
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    throw bad(`method must be one of: ${METHODS.join(', ')}`)
  }
  const timeout = integer(body.timeout, 'timeout', 1, MAX_TRACE_TIMEOUT_S) ?? DEFAULT_TRACE_TIMEOUT_S
  const maxHops = integer(body.maxHops, 'maxHops', 1, MAX_MAX_HOPS) ?? DEFAULT_MAX_HOPS
  const queries = integer(body.queries, 'queries', 1, MAX_QUERIES) ?? DEFAULT_QUERIES
  const params: LocalTraceParams = { target, method: method as LocalTraceParams['method'], timeoutMs: timeout * 1000, maxHops, queries }
  const port = integer(body.port, 'port', 1, MAX_PROBE_PORT)
  if (port !== undefined) params.port = port
  const rounds = integer(body.rounds, 'rounds', 1, MAX_ROUNDS)
  if (rounds !== undefined) params.rounds = rounds
  if (body.from !== undefined) params.from = selector(body.from)
  const limit = integer(body.limit, 'limit', 1, MAX_SELECTION_LIMIT)
  if (limit !== undefined) params.limit = limit
  return params
}

/** `from`: the CLI's --from EXPR, as a string. */
function selector (value: unknown): string[] {
  if (typeof value !== 'string') throw bad('from must be a string')
  try {
    return parseSelector(value)
  } catch (err) {
    throw bad(`from: ${(err as Error).message}`)
  }
}

/** An optional integer field: undefined when absent, else in min..max or a 400. */
function integer (value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${name} must be an integer from ${min} to ${max}`)
  }
  return value
}

function bad (reason: string): HttpError {
  return new HttpError(400, reason)
}
