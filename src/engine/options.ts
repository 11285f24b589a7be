// Validates and completes trace options: every bound is checked here once, so the driver and the sockets can
// trust what they get, and a bad option is a usage error with a one-line reason.

import {
  DEFAULT_FIRST_HOP, DEFAULT_GAP_LIMIT, DEFAULT_MAX_HOPS, MAX_GAP_LIMIT, DEFAULT_QUERIES, DEFAULT_TCP_PORT, DEFAULT_UDP_PORT,
  DEFAULT_WAIT_MS, DEFAULT_ROUNDS, MAX_MAX_HOPS, MAX_QUERIES, MAX_ROUNDS, MAX_WAIT_MS
} from './constants.js'
import { METHODS } from '../model/trace.js'
import { InvalidOptionError } from './errors.js'
import type { Method, TraceOptions } from './trace.js'

export function traceOptions (partial: Partial<TraceOptions> = {}): TraceOptions {
  const method = partial.method ?? 'icmp'
  if (!METHODS.includes(method)) {
    throw new InvalidOptionError(`unknown method '${String(method)}' (expected ${METHODS.join(', ')})`)
  }
  if (partial.family !== undefined && partial.family !== 4 && partial.family !== 6) {
    throw new InvalidOptionError(`address family must be 4 or 6, not ${String(partial.family)}`)
  }
  const maxHops = integerIn('max-hops', partial.maxHops ?? DEFAULT_MAX_HOPS, 1, MAX_MAX_HOPS)
  const firstHop = integerIn('first-hop', partial.firstHop ?? DEFAULT_FIRST_HOP, 1, maxHops)
  const queries = integerIn('queries', partial.queries ?? DEFAULT_QUERIES, 1, MAX_QUERIES)
  const waitMs = integerIn('wait', partial.waitMs ?? DEFAULT_WAIT_MS, 1, MAX_WAIT_MS)
  const port = integerIn('port', partial.port ?? (method === 'tcp' ? DEFAULT_TCP_PORT : DEFAULT_UDP_PORT), 1, 65535)
  const gapLimit = integerIn('gap-limit', partial.gapLimit ?? DEFAULT_GAP_LIMIT, 1, MAX_GAP_LIMIT)
  const rounds = integerIn('rounds', partial.rounds ?? DEFAULT_ROUNDS, 0, MAX_ROUNDS)
  const options: TraceOptions = { method, family: partial.family, firstHop, maxHops, queries, waitMs, port, gapLimit, rounds }
  if (partial.deadlineMs !== undefined) {
    if (typeof partial.deadlineMs !== 'number' || !Number.isFinite(partial.deadlineMs) || partial.deadlineMs <= 0) {
      throw new InvalidOptionError(`a trace's deadline must be a positive number of ms, not ${String(partial.deadlineMs)}`)
    }
    options.deadlineMs = partial.deadlineMs
  }
  return options
}

function integerIn (name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(`--${name} must be an integer from ${min} to ${max}, not ${String(value)}`)
  }
  return value
}
