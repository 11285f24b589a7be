// A measured trace within one result frame: a result larger than MAX_MESSAGE_BYTES is refused whole by the peer it
// is sent to, so a `--rounds` result that would not fit (a long path, many rounds, long IPv6 addresses) leaves out
// its last rounds, at every hop alike, until it does. The rounds kept stay whole; the path's own probes stay.

import type { MeasuredTrace } from '../model/index.js'
import { encodeMessage } from './codec.js'
import { MAX_MESSAGE_BYTES, MAX_PEER_ID_LENGTH, MAX_PEER_NAME_LENGTH, MAX_SIGNATURE_BYTES, REQUEST_ID_BYTES } from './constants.js'

/** The frame a result with this trace takes at most: the longest peer id, name and signature it can be sent with. */
export function resultFrameBytes (trace: MeasuredTrace): number {
  return encodeMessage({
    type: 'result',
    result: {
      requestId: '00'.repeat(REQUEST_ID_BYTES),
      peer: 'p'.repeat(MAX_PEER_ID_LENGTH),
      name: 'n'.repeat(MAX_PEER_NAME_LENGTH),
      trace,
      signature: new Uint8Array(MAX_SIGNATURE_BYTES)
    }
  }).byteLength
}

/** The trace as is when its result fits one frame; else without its last rounds, as many as it takes. */
export function fitRounds (trace: MeasuredTrace, maxBytes = MAX_MESSAGE_BYTES): MeasuredTrace {
  if (resultFrameBytes(trace) <= maxBytes) return trace
  let rounds = Math.max(0, ...trace.hops.flatMap(hop => (hop.probes ?? []).map(p => p.round ?? 0)))
  let fitted = trace
  while (rounds > 0 && resultFrameBytes(fitted) > maxBytes) {
    rounds--
    fitted = withRounds(trace, rounds)
  }
  return fitted
}

/** The trace with the probes of rounds 1 … `rounds` only (and every probe of no round). */
function withRounds (trace: MeasuredTrace, rounds: number): MeasuredTrace {
  return {
    ...trace,
    hops: trace.hops.map(hop => hop.probes === undefined
      ? hop
      : { ...hop, probes: hop.probes.filter(p => p.round === undefined || p.round <= rounds) })
  }
}
