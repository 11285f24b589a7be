// What a peer checks before it spends anything on a request: field shapes and bounds, the hop budgets, the
// deadline window, then the origin's signature. Returns the reason for a rejection, never throws.

import {
  MAX_ENTRY_ADDRS, MAX_MULTIADDR_LENGTH, MAX_PEER_ID_LENGTH, MAX_PROBE_HOPS, MAX_PROBE_PORT, MAX_PROBE_QUERIES, MAX_PROBE_ROUNDS,
  MAX_PROBE_WAIT_MS,
  MAX_SIBLINGS, MAX_SIGNATURE_BYTES, MAX_TARGET_LENGTH, REQUEST_ID_PATTERN
} from '../model/limits.js'
import { selectionProblem } from '../model/selector.js'
import { METHODS } from '../model/trace.js'
import { describeError } from './errors.js'
import type { Authenticator, TraceRequest } from './types.js'

export interface RequestLimits {
  maxHopBudget: number
  maxClockSkewMs: number
  maxDeadlineMs: number
  cutoffMarginMs: number
}

const isInt = (value: unknown, min: number, max: number): boolean =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max

const isText = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value.length > 0 && value.length <= max

/** Why the request's fields are unacceptable at `now` (Unix ms), or undefined when they are fine. */
function requestFieldProblem (request: TraceRequest, limits: RequestLimits, now: number): string | undefined {
  const { probe } = request
  if (typeof request.id !== 'string' || !REQUEST_ID_PATTERN.test(request.id)) return 'id is not 16 bytes of hex'
  if (!isText(request.origin, MAX_PEER_ID_LENGTH)) return 'origin is not a peer id'
  if (request.entry !== undefined && !isText(request.entry, MAX_PEER_ID_LENGTH)) return 'entry is not a peer id'
  if (request.entryAddrs !== undefined && (!Array.isArray(request.entryAddrs) || request.entryAddrs.length > MAX_ENTRY_ADDRS ||
    !request.entryAddrs.every((addr) => isText(addr, MAX_MULTIADDR_LENGTH)))) return 'entryAddrs are not a few addresses'
  if (request.siblings !== undefined && (!Array.isArray(request.siblings) || request.siblings.length > MAX_SIBLINGS ||
    !request.siblings.every((peer) => isText(peer, MAX_PEER_ID_LENGTH)))) return 'siblings are not a few peer ids'
  if (!isText(request.target, MAX_TARGET_LENGTH)) return `target is empty or longer than ${MAX_TARGET_LENGTH}`
  if (typeof probe !== 'object' || probe === null) return 'no probe options'
  if (!(METHODS as readonly string[]).includes(probe.method)) return `probe method is not one of ${METHODS.join(', ')}`
  if (!isInt(probe.maxHops, 1, MAX_PROBE_HOPS)) return `probe maxHops is not in 1..${MAX_PROBE_HOPS}`
  if (!isInt(probe.firstHop, 1, probe.maxHops)) return 'probe firstHop is not in 1..maxHops'
  if (!isInt(probe.queries, 1, MAX_PROBE_QUERIES)) return `probe queries is not in 1..${MAX_PROBE_QUERIES}`
  if (!isInt(probe.waitMs, 1, MAX_PROBE_WAIT_MS)) return `probe waitMs is not in 1..${MAX_PROBE_WAIT_MS}`
  if (probe.rounds !== undefined && !isInt(probe.rounds, 0, MAX_PROBE_ROUNDS)) return `probe rounds is not in 0..${MAX_PROBE_ROUNDS}`
  if (probe.port !== undefined && !isInt(probe.port, 1, MAX_PROBE_PORT)) return `probe port is not in 1..${MAX_PROBE_PORT}`
  if (!isInt(request.initialHopBudget, 0, limits.maxHopBudget)) {
    return `initialHopBudget is not in 0..${limits.maxHopBudget}`
  }
  if (!isInt(request.hopBudget, 0, request.initialHopBudget)) return 'hopBudget is not in 0..initialHopBudget'
  if (!Number.isSafeInteger(request.deadline) || !Number.isSafeInteger(request.timestamp)) {
    return 'deadline or timestamp is not a Unix time in ms'
  }
  if (request.timestamp > request.deadline) return 'timestamp is after the deadline'
  // Replay window: a request is only good from its timestamp (give or take clock skew) to its deadline, and its
  // id is remembered for longer than that, so a replayed copy is either a known id or out of its window.
  if (request.timestamp > now + limits.maxClockSkewMs) return 'timestamp is in the future'
  if (now - request.timestamp > limits.maxDeadlineMs + limits.maxClockSkewMs) return 'timestamp is too old'
  if (request.deadline <= now) return 'deadline has passed'
  if (request.deadline - now > limits.maxDeadlineMs) return `deadline is more than ${limits.maxDeadlineMs} ms away`
  if (cutoffAt(request, limits.cutoffMarginMs) <= now) return 'no time left before this depth\'s cut-off'
  if (!(request.signature instanceof Uint8Array) || request.signature.length > MAX_SIGNATURE_BYTES) {
    return 'signature missing or too long'
  }
  return request.selector === undefined ? undefined : selectionProblem(request.selector)
}

/** Field checks at `now` (Unix ms), then the signature (the costly part last). */
export async function requestProblem (request: TraceRequest, limits: RequestLimits, authenticator: Authenticator,
  now: number): Promise<string | undefined> {
  const problem = requestFieldProblem(request, limits, now)
  if (problem !== undefined) return problem
  try {
    return await authenticator.verifyRequest(request) ? undefined : 'bad signature'
  } catch (err) {
    return `signature check failed: ${describeError(err)}`
  }
}

/** How deep in the flood a peer holding this copy is: the entry peers are at 0. */
function floodDepth (request: TraceRequest): number {
  return request.initialHopBudget - request.hopBudget
}

/** When a peer at this copy's depth stops waiting, so its end reaches its upstream before the upstream's cut-off. */
export function cutoffAt (request: TraceRequest, marginMs: number): number {
  return request.deadline - marginMs * (floodDepth(request) + 1)
}
