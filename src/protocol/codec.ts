// Maps overlay messages (src/overlay/types.ts) to and from their protobuf form (pb/trace.ts, generated from
// protocols/trace.proto), checking every bound on the way in: a decoded message is well-formed or an error.

import { toString as toHex, fromString as fromHex } from 'uint8arrays'
import type { Uint8ArrayList } from 'uint8arraylist'
import type { Failure, MeasuredTrace, PeerError, Probe, ProbeSpec, StopReason, TraceRequest, VantageResult } from '../model/index.js'
import type { AskedPeers, OverlayMessage, TraceEnd } from '../overlay/types.js'
import {
  MAX_ADDR_LENGTH, MAX_ADDRS_PER_HOP, MAX_ERROR_LENGTH, MAX_FAILURES_PER_END, MAX_FLAG_LENGTH, MAX_HOPS_PER_RESULT,
  MAX_ENTRY_ADDRS, MAX_MESSAGE_BYTES, MAX_PEERS_PER_ASKED, MAX_SIBLINGS, MAX_MULTIADDR_LENGTH, MAX_PEER_NAME_LENGTH, MAX_PEER_ID_LENGTH, MAX_PROBE_ROUNDS, MAX_PROBES_PER_HOP, MAX_RTTS_PER_HOP, MAX_SIGNATURE_BYTES, MAX_TARGET_LENGTH,
  REQUEST_ID_BYTES, STOP_REASONS
} from './constants.js'
import { MalformedMessageError } from './errors.js'
import { selectorFromPb, selectorToPb } from './selector-codec.js'
import { wellFormed } from './well-formed.js'
import * as pb from './pb/trace.js'
import { METHODS } from '../model/trace.js'

export function encodeMessage (message: OverlayMessage): Uint8Array {
  switch (message.type) {
    case 'request': return pb.TraceMessage.encode({ request: requestToPb(message.request) })
    case 'rejoin': return pb.TraceMessage.encode({ rejoin: requestToPb(message.request) })
    case 'result': return pb.TraceMessage.encode({ result: resultToPb(message.result) })
    case 'end': return pb.TraceMessage.encode({ end: endToPb(message.end) })
    case 'asked': return pb.TraceMessage.encode({ asked: askedToPb(message.asked) })
  }
}

/** Decodes and validates one frame; throws MalformedMessageError for anything out of shape or bounds. */
export function decodeMessage (bytes: Uint8Array | Uint8ArrayList): OverlayMessage {
  if (bytes.byteLength > MAX_MESSAGE_BYTES) throw new MalformedMessageError(`message of ${bytes.byteLength} bytes`)
  let msg: pb.TraceMessage
  try {
    msg = pb.TraceMessage.decode(bytes)
  } catch (err) {
    throw new MalformedMessageError(`undecodable message: ${(err as Error).message}`)
  }
  const set = [msg.request, msg.result, msg.end, msg.rejoin, msg.asked].filter(part => part != null).length
  if (set !== 1) throw new MalformedMessageError(`a message must carry exactly one part, not ${set}`)
  if (msg.request != null) return { type: 'request', request: requestFromPb(msg.request) }
  if (msg.rejoin != null) return { type: 'rejoin', request: requestFromPb(msg.rejoin) }
  if (msg.result != null) return { type: 'result', result: resultFromPb(msg.result) }
  if (msg.asked != null) return { type: 'asked', asked: askedFromPb(msg.asked) }
  return { type: 'end', end: endFromPb(msg.end as pb.TraceEnd) }
}

export function requestToPb (r: TraceRequest): pb.TraceRequest {
  return {
    id: idBytes(r.id),
    origin: r.origin,
    target: r.target,
    probe: { ...r.probe },
    initialHopBudget: r.initialHopBudget,
    hopBudget: r.hopBudget,
    deadline: BigInt(r.deadline),
    timestamp: BigInt(r.timestamp),
    signature: r.signature as Uint8Array<ArrayBuffer>,
    entry: r.entry,
    entryAddrs: r.entryAddrs ?? [],
    reportAsked: r.reportAsked === true ? true : undefined,
    siblings: r.siblings ?? [],
    direct: r.direct === true ? true : undefined,
    selector: r.selector === undefined ? undefined : selectorToPb(r.selector)
  }
}

export function resultToPb (r: VantageResult): pb.VantageResult {
  return {
    requestId: idBytes(r.requestId),
    peer: r.peer,
    name: r.name,
    trace: r.trace === undefined ? undefined : traceToPb(r.trace),
    error: r.error === undefined ? undefined : { ...r.error },
    signature: r.signature as Uint8Array<ArrayBuffer>
  }
}

function endToPb (e: TraceEnd): pb.TraceEnd {
  return { requestId: idBytes(e.requestId), failures: e.failures.map(f => ({ ...f })), duplicate: e.duplicate === true }
}

function askedToPb (a: AskedPeers): pb.Asked {
  return { requestId: idBytes(a.requestId), by: a.by, peers: [...a.peers] }
}

function traceToPb (t: MeasuredTrace): pb.MeasuredTrace {
  return {
    target: t.target,
    addr: t.addr,
    method: t.method,
    reached: t.reached,
    durationMs: t.durationMs,
    probesSent: t.probesSent,
    hops: t.hops.map(h => ({
      ttl: h.ttl, addr: h.addr ?? undefined, rtts: [...h.rtts], flag: h.flag, addrs: h.addrs ?? [],
      probes: (h.probes ?? []).map(p => ({
        addr: p.addr ?? undefined, rtt: p.rtt, replyTtl: p.replyTtl, size: p.size, round: p.round, tcpFlags: p.tcpFlags
      }))
    })),
    stop: t.stop,
    startedAt: t.startedAt === undefined ? undefined : BigInt(t.startedAt),
    srcAddr: t.srcAddr,
    probeSize: t.probeSize
  }
}

function requestFromPb (r: pb.TraceRequest): TraceRequest {
  const probe = r.probe
  if (probe == null) throw new MalformedMessageError('request without probe options')
  const request: TraceRequest = {
    id: idFromBytes(r.id),
    origin: bounded('origin', r.origin, MAX_PEER_ID_LENGTH, 1),
    target: bounded('target', r.target, MAX_TARGET_LENGTH, 1),
    probe: probeFromPb(probe),
    initialHopBudget: r.initialHopBudget,
    hopBudget: r.hopBudget,
    deadline: safeNumber('deadline', r.deadline),
    timestamp: safeNumber('timestamp', r.timestamp),
    signature: signature(r.signature)
  }
  if (r.entry != null) request.entry = bounded('entry', r.entry, MAX_PEER_ID_LENGTH, 1)
  if (r.entryAddrs.length > MAX_ENTRY_ADDRS) throw new MalformedMessageError(`${r.entryAddrs.length} entry addresses`)
  if (r.entryAddrs.length > 0) request.entryAddrs = r.entryAddrs.map(a => bounded('entry address', a, MAX_MULTIADDR_LENGTH, 1))
  if (r.reportAsked === true) request.reportAsked = true
  if (r.siblings.length > MAX_SIBLINGS) throw new MalformedMessageError(`${r.siblings.length} siblings`)
  if (r.siblings.length > 0) request.siblings = r.siblings.map(peer => bounded('sibling', peer, MAX_PEER_ID_LENGTH, 1))
  if (r.direct === true) request.direct = true
  if (r.selector != null) request.selector = selectorFromPb(r.selector)
  return request
}

function probeFromPb (p: pb.ProbeSpec): ProbeSpec {
  const method = METHODS.find(known => known === p.method)
  if (method === undefined) throw new MalformedMessageError(`unknown probe method '${p.method.slice(0, 16)}'`)
  const spec: ProbeSpec = { method, maxHops: p.maxHops, firstHop: p.firstHop, queries: p.queries, waitMs: p.waitMs }
  // Kept exactly as they came (absent, or a number), so that the request re-encodes to the bytes its origin signed.
  if (p.rounds != null) spec.rounds = p.rounds
  if (p.port != null) spec.port = p.port
  return spec
}

function resultFromPb (r: pb.VantageResult): VantageResult {
  if ((r.trace == null) === (r.error == null)) throw new MalformedMessageError('a result carries a trace or an error')
  const result: VantageResult = {
    requestId: idFromBytes(r.requestId),
    peer: bounded('peer', r.peer, MAX_PEER_ID_LENGTH, 1),
    name: bounded('name', r.name, MAX_PEER_NAME_LENGTH),
    signature: signature(r.signature)
  }
  if (r.trace != null) result.trace = traceFromPb(r.trace)
  if (r.error != null) result.error = errorFromPb(r.error)
  return result
}

function traceFromPb (t: pb.MeasuredTrace): MeasuredTrace {
  if (t.hops.length > MAX_HOPS_PER_RESULT) throw new MalformedMessageError(`${t.hops.length} hops in a result`)
  const trace: MeasuredTrace = {
    target: bounded('target', t.target, MAX_TARGET_LENGTH),
    addr: bounded('addr', t.addr, MAX_ADDR_LENGTH),
    method: bounded('method', t.method, 8),
    reached: t.reached,
    durationMs: finite('durationMs', t.durationMs),
    probesSent: t.probesSent,
    hops: t.hops.map(h => {
      if (h.rtts.length > MAX_RTTS_PER_HOP || h.addrs.length > MAX_ADDRS_PER_HOP || h.probes.length > MAX_PROBES_PER_HOP) {
        throw new MalformedMessageError('too many RTTs, addresses or probes in a hop')
      }
      const hop: MeasuredTrace['hops'][number] = {
        ttl: h.ttl,
        addr: h.addr == null ? null : bounded('addr', h.addr, MAX_ADDR_LENGTH),
        rtts: h.rtts.map(rtt => finite('rtt', rtt))
      }
      if (h.flag != null) hop.flag = bounded('flag', h.flag, MAX_FLAG_LENGTH)
      if (h.addrs.length > 0) hop.addrs = h.addrs.map(a => bounded('addr', a, MAX_ADDR_LENGTH))
      // Absent from older peers: their hops decode without per-probe records.
      if (h.probes.length > 0) hop.probes = h.probes.map(probeRecordFromPb)
      return hop
    })
  }
  // Absent from older peers: their results decode as before, with no stop.
  if (t.stop != null) trace.stop = stopReason(t.stop)
  if (t.startedAt != null) trace.startedAt = safeNumber('startedAt', t.startedAt)
  if (t.srcAddr != null) trace.srcAddr = bounded('srcAddr', t.srcAddr, MAX_ADDR_LENGTH)
  if (t.probeSize != null) trace.probeSize = t.probeSize
  return trace
}

function probeRecordFromPb (p: pb.Probe): Probe {
  const probe: Probe = { addr: p.addr == null ? null : bounded('addr', p.addr, MAX_ADDR_LENGTH) }
  if (p.addr != null) {
    if (p.rtt != null) probe.rtt = finite('rtt', p.rtt)
    if (p.replyTtl != null) probe.replyTtl = p.replyTtl
    if (p.size != null) probe.size = p.size
    if (p.tcpFlags != null) probe.tcpFlags = bounded('tcpFlags', p.tcpFlags, MAX_FLAG_LENGTH)
  }
  if (p.round != null) {
    if (p.round < 1 || p.round > MAX_PROBE_ROUNDS) throw new MalformedMessageError(`probe of round ${p.round}`)
    probe.round = p.round
  }
  return probe
}

function stopReason (value: string): StopReason {
  const reason = STOP_REASONS.find(known => known === value)
  if (reason === undefined) throw new MalformedMessageError(`unknown stop reason '${value.slice(0, 16)}'`)
  return reason
}

function errorFromPb (e: pb.PeerError): PeerError {
  return { code: bounded('error code', e.code, 64, 1), message: bounded('error message', e.message, MAX_ERROR_LENGTH) }
}

function endFromPb (e: pb.TraceEnd): TraceEnd {
  if (e.failures.length > MAX_FAILURES_PER_END) throw new MalformedMessageError(`${e.failures.length} failures`)
  const failures: Failure[] = e.failures.map(f => ({
    peer: bounded('peer', f.peer, MAX_PEER_ID_LENGTH),
    reason: bounded('reason', f.reason, MAX_ERROR_LENGTH)
  }))
  const end: TraceEnd = { requestId: idFromBytes(e.requestId), failures }
  if (e.duplicate) end.duplicate = true
  return end
}

function askedFromPb (a: pb.Asked): AskedPeers {
  if (a.peers.length > MAX_PEERS_PER_ASKED) throw new MalformedMessageError(`${a.peers.length} peers asked in one message`)
  return {
    requestId: idFromBytes(a.requestId),
    by: bounded('asking peer', a.by, MAX_PEER_ID_LENGTH, 1),
    peers: a.peers.map(peer => bounded('asked peer', peer, MAX_PEER_ID_LENGTH, 1))
  }
}

function idBytes (id: string): Uint8Array<ArrayBuffer> {
  return fromHex(id, 'base16') as Uint8Array<ArrayBuffer>
}

function idFromBytes (bytes: Uint8Array): string {
  if (bytes.length !== REQUEST_ID_BYTES) throw new MalformedMessageError(`request id of ${bytes.length} bytes`)
  return toHex(bytes, 'base16')
}

function signature (bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0 || bytes.length > MAX_SIGNATURE_BYTES) {
    throw new MalformedMessageError(`signature of ${bytes.length} bytes`)
  }
  return bytes
}

export function bounded (field: string, value: string, max: number, min = 0): string {
  if (value.length < min || value.length > max) {
    throw new MalformedMessageError(`${field} of ${value.length} characters (allowed ${min}..${max})`)
  }
  return wellFormed(field, value)
}

export function safeNumber (field: string, value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedMessageError(`${field} out of range`)
  return Number(value)
}

function finite (field: string, value: number): number {
  if (!Number.isFinite(value)) throw new MalformedMessageError(`${field} is not a finite number`)
  return value
}
