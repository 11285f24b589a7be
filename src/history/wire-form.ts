// Requests and results are stored in their wire form (the trace protocol's own frames): read back, they decode
// through the same checks, into the very objects a requester decoded live, so a stored trace prints the same.

import type { TraceRequest, VantageResult } from '../model/index.js'
import { decodeMessage, encodeMessage } from '../protocol/index.js'
import { HistoryError } from './errors.js'

export function requestToWire (request: TraceRequest): Buffer {
  return Buffer.from(encodeMessage({ type: 'request', request }))
}

export function requestFromWire (bytes: Uint8Array): TraceRequest {
  const message = decodeMessage(bytes)
  if (message.type !== 'request') throw new HistoryError('ERR_HISTORY_UNAVAILABLE', 'a stored request is not a request')
  return message.request
}

export function resultToWire (result: VantageResult): Buffer {
  return Buffer.from(encodeMessage({ type: 'result', result }))
}

export function resultFromWire (bytes: Uint8Array): VantageResult {
  const message = decodeMessage(bytes)
  if (message.type !== 'result') throw new HistoryError('ERR_HISTORY_UNAVAILABLE', 'a stored result is not a result')
  return message.result
}

/** The result as a requester decodes it off the wire. */
export function asDecoded (result: VantageResult): VantageResult {
  return resultFromWire(resultToWire(result))
}
