// Maps the history protocol's messages (pb/history.ts, from protocols/history.proto) to plain objects and back,
// checking bounds on the way in. A stored request or result travels as the trace protocol's own frame, so it is
// decoded (and bounded) by the same code as a live one.

import type { HistoryEntry, SummaryView, TraceRequest, VantageResult } from '../model/index.js'
import { bounded, decodeMessage, encodeMessage, safeNumber } from './codec.js'
import {
  MAX_ERROR_LENGTH, MAX_FAILURES_PER_END, MAX_HISTORY_ID_LENGTH, MAX_HISTORY_MESSAGE_BYTES, MAX_PEER_NAME_LENGTH,
  MAX_PEER_ID_LENGTH, MAX_TARGET_LENGTH
} from './constants.js'
import { MalformedMessageError } from './errors.js'
import * as pb from './pb/history.js'

export type HistoryCall =
  | { kind: 'list', target?: string, limit?: number }
  | { kind: 'show', id: string }
  | { kind: 'finish', id: string, durationMs: number }

export type HistoryAnswer =
  | { type: 'entry', entry: HistoryEntry }
  | { type: 'trace', id: string, startedAt: number, finishedAt?: number, request: TraceRequest }
  | { type: 'result', result: VantageResult }
  | { type: 'summary', summary: SummaryView }
  | { type: 'error', code: string, message: string }
  /** The last answer: how many came before it. */
  | { type: 'end', count: number }

const KIND = { list: pb.HistoryQuery.Kind.LIST, show: pb.HistoryQuery.Kind.SHOW, finish: pb.HistoryQuery.Kind.FINISH } as const

export function encodeHistoryCall (call: HistoryCall): Uint8Array {
  const query: pb.HistoryQuery = { kind: KIND[call.kind] }
  if (call.kind === 'list') {
    if (call.target !== undefined) query.target = call.target
    if (call.limit !== undefined) query.limit = call.limit
  } else {
    query.id = call.id
    if (call.kind === 'finish') query.durationMs = call.durationMs
  }
  return pb.HistoryQuery.encode(query)
}

export function decodeHistoryCall (bytes: Parameters<typeof pb.HistoryQuery.decode>[0]): HistoryCall {
  const q = decodeOr(() => pb.HistoryQuery.decode(bytes))
  switch (q.kind) {
    case pb.HistoryQuery.Kind.LIST: {
      const call: HistoryCall = { kind: 'list' }
      if (q.target !== undefined) call.target = bounded('target', q.target, MAX_TARGET_LENGTH, 1)
      if (q.limit !== undefined) call.limit = q.limit
      return call
    }
    case pb.HistoryQuery.Kind.SHOW:
      return { kind: 'show', id: bounded('id', q.id ?? '', MAX_HISTORY_ID_LENGTH, 1) }
    case pb.HistoryQuery.Kind.FINISH:
      if (q.durationMs === undefined) throw new MalformedMessageError('a finish carries a duration')
      return { kind: 'finish', id: bounded('id', q.id ?? '', MAX_HISTORY_ID_LENGTH, 1), durationMs: q.durationMs }
    default:
      throw new MalformedMessageError('unknown history query')
  }
}

export function encodeHistoryAnswer (answer: HistoryAnswer): Uint8Array {
  switch (answer.type) {
    case 'entry':
      return pb.HistoryReply.encode({ entry: { ...answer.entry, startedAt: BigInt(answer.entry.startedAt) } })
    case 'trace':
      return pb.HistoryReply.encode({
        trace: {
          id: answer.id,
          startedAt: BigInt(answer.startedAt),
          finishedAt: answer.finishedAt === undefined ? undefined : BigInt(answer.finishedAt),
          request: encodeMessage({ type: 'request', request: answer.request }) as Uint8Array<ArrayBuffer>
        }
      })
    case 'result':
      return pb.HistoryReply.encode({ result: encodeMessage({ type: 'result', result: answer.result }) as Uint8Array<ArrayBuffer> })
    case 'summary':
      return pb.HistoryReply.encode({ summary: answer.summary })
    case 'error':
      return pb.HistoryReply.encode({ errorCode: answer.code, error: answer.message })
    case 'end':
      return pb.HistoryReply.encode({ end: answer.count })
  }
}

export function decodeHistoryAnswer (bytes: Parameters<typeof pb.HistoryReply.decode>[0]): HistoryAnswer {
  if (bytes.byteLength > MAX_HISTORY_MESSAGE_BYTES) throw new MalformedMessageError(`history reply of ${bytes.byteLength} bytes`)
  const r = decodeOr(() => pb.HistoryReply.decode(bytes))
  const set = [r.entry, r.trace, r.result, r.summary, r.errorCode, r.end].filter((part) => part != null).length
  if (set !== 1) throw new MalformedMessageError(`a history reply must carry exactly one part, not ${set}`)
  if (r.entry != null) {
    return {
      type: 'entry',
      entry: {
        id: bounded('id', r.entry.id, MAX_HISTORY_ID_LENGTH, 1),
        startedAt: safeNumber('startedAt', r.entry.startedAt),
        target: bounded('target', r.entry.target, MAX_TARGET_LENGTH),
        answered: r.entry.answered,
        failed: r.entry.failed
      }
    }
  }
  if (r.trace != null) {
    const carried = decodeMessage(r.trace.request)
    if (carried.type !== 'request') throw new MalformedMessageError('a stored trace carries its request')
    return {
      type: 'trace',
      id: bounded('id', r.trace.id, MAX_HISTORY_ID_LENGTH, 1),
      startedAt: safeNumber('startedAt', r.trace.startedAt),
      ...(r.trace.finishedAt == null ? {} : { finishedAt: safeNumber('finishedAt', r.trace.finishedAt) }),
      request: carried.request
    }
  }
  if (r.result != null) {
    const carried = decodeMessage(r.result)
    if (carried.type !== 'result') throw new MalformedMessageError('a stored result carries a result')
    return { type: 'result', result: carried.result }
  }
  if (r.summary != null) {
    const s = r.summary
    if (s.failed.length > MAX_FAILURES_PER_END) throw new MalformedMessageError(`${s.failed.length} failures`)
    return {
      type: 'summary',
      summary: {
        target: bounded('target', s.target, MAX_TARGET_LENGTH),
        answered: s.answered,
        failed: s.failed.map((f) => ({
          peer: bounded('peer', f.peer, MAX_PEER_ID_LENGTH),
          ...(f.name == null ? {} : { name: bounded('name', f.name, MAX_PEER_NAME_LENGTH) }),
          reason: bounded('reason', f.reason, MAX_ERROR_LENGTH * 2)
        })),
        unverified: s.unverified,
        durationMs: s.durationMs,
        ...(s.interrupted === true ? { interrupted: true as const } : {}),
        ...(s.unlisted == null || s.unlisted === 0 ? {} : { unlisted: s.unlisted })
      }
    }
  }
  if (r.end != null) return { type: 'end', count: r.end }
  return { type: 'error', code: bounded('error code', r.errorCode ?? '', 64), message: bounded('error', r.error ?? '', MAX_ERROR_LENGTH) }
}

function decodeOr<T> (decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw new MalformedMessageError(`undecodable history message: ${(err as Error).message}`)
  }
}
