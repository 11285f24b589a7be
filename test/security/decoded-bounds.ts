// The bounds a decoded trace-protocol message must satisfy (src/protocol/constants.ts), checked field by field
// on whatever decodeMessage returns: a decoder that lets one oversized field through fails here.

import assert from 'node:assert/strict'
import { selectionProblem } from '../../src/model/selector.js'
import { METHODS } from '../../src/model/trace.js'
import type { OverlayMessage } from '../../src/overlay/types.js'
import {
  MAX_ADDR_LENGTH, MAX_ADDRS_PER_HOP, MAX_ENTRY_ADDRS, MAX_ERROR_LENGTH, MAX_FAILURES_PER_END, MAX_FLAG_LENGTH,
  MAX_HOPS_PER_RESULT, MAX_MULTIADDR_LENGTH, MAX_PEERS_PER_ASKED, MAX_PEER_NAME_LENGTH, MAX_PEER_ID_LENGTH, MAX_RTTS_PER_HOP, MAX_SIGNATURE_BYTES,
  MAX_TARGET_LENGTH, REQUEST_ID_BYTES, STOP_REASONS
} from '../../src/protocol/index.js'

/** The codec's own limit on a PeerError code (codec.ts). */
const MAX_ERROR_CODE_LENGTH = 64
/** The codec's limit on MeasuredTrace.method (codec.ts). */
const MAX_METHOD_LENGTH = 8
const REQUEST_ID = new RegExp(`^[0-9a-f]{${REQUEST_ID_BYTES * 2}}$`)
const UINT32_MAX = 0xffff_ffff

function text (field: string, value: unknown, max: number, min = 0): void {
  assert.equal(typeof value, 'string', `${field} is a string`)
  const length = (value as string).length
  assert.ok(length >= min && length <= max, `${field} has ${length} characters (allowed ${min}..${max})`)
}

function uint32 (field: string, value: unknown): void {
  assert.ok(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= UINT32_MAX, `${field} = ${String(value)}`)
}

function signature (value: unknown): void {
  assert.ok(value instanceof Uint8Array, 'the signature is bytes')
  assert.ok(value.length >= 1 && value.length <= MAX_SIGNATURE_BYTES, `a signature of ${value.length} bytes`)
}

export function assertDecodedWithinBounds (message: OverlayMessage): void {
  const keys = Object.keys(message).sort()
  const part = message.type === 'rejoin' ? 'request' : message.type
  assert.deepEqual(keys, ['type', part].sort(), `one part: ${keys.join(',')}`)
  switch (message.type) {
    case 'request':
    case 'rejoin': {
      const r = message.request
      assert.match(r.id, REQUEST_ID)
      text('origin', r.origin, MAX_PEER_ID_LENGTH, 1)
      text('target', r.target, MAX_TARGET_LENGTH, 1)
      assert.ok(METHODS.includes(r.probe.method), `method ${r.probe.method}`)
      for (const field of ['maxHops', 'firstHop', 'queries', 'waitMs'] as const) uint32(`probe.${field}`, r.probe[field])
      if (r.probe.port !== undefined) uint32('probe.port', r.probe.port)
      uint32('initialHopBudget', r.initialHopBudget)
      uint32('hopBudget', r.hopBudget)
      for (const field of ['deadline', 'timestamp'] as const) {
        assert.ok(Number.isSafeInteger(r[field]) && r[field] >= 0, `${field} = ${r[field]}`)
      }
      signature(r.signature)
      if (r.entry !== undefined) text('entry', r.entry, MAX_PEER_ID_LENGTH, 1)
      if (r.entryAddrs !== undefined) {
        assert.ok(r.entryAddrs.length >= 1 && r.entryAddrs.length <= MAX_ENTRY_ADDRS, `${r.entryAddrs.length} entry addresses`)
        for (const addr of r.entryAddrs) text('entry address', addr, MAX_MULTIADDR_LENGTH, 1)
      }
      if (r.selector !== undefined) assert.equal(selectionProblem(r.selector), undefined, JSON.stringify(r.selector).slice(0, 200))
      return
    }
    case 'result': {
      const r = message.result
      assert.match(r.requestId, REQUEST_ID)
      text('peer', r.peer, MAX_PEER_ID_LENGTH, 1)
      text('name', r.name, MAX_PEER_NAME_LENGTH)
      signature(r.signature)
      assert.ok((r.trace === undefined) !== (r.error === undefined), 'a trace or an error, not both, not neither')
      if (r.error !== undefined) {
        text('error code', r.error.code, MAX_ERROR_CODE_LENGTH, 1)
        text('error message', r.error.message, MAX_ERROR_LENGTH)
      }
      if (r.trace !== undefined) {
        const t = r.trace
        text('trace target', t.target, MAX_TARGET_LENGTH)
        text('trace addr', t.addr, MAX_ADDR_LENGTH)
        text('trace method', t.method, MAX_METHOD_LENGTH)
        assert.equal(typeof t.reached, 'boolean')
        assert.ok(Number.isFinite(t.durationMs), `durationMs ${t.durationMs}`)
        uint32('probesSent', t.probesSent)
        if (t.stop !== undefined) assert.ok(STOP_REASONS.includes(t.stop), `stop ${t.stop}`)
        assert.ok(t.hops.length <= MAX_HOPS_PER_RESULT, `${t.hops.length} hops`)
        for (const hop of t.hops) {
          uint32('ttl', hop.ttl)
          if (hop.addr !== null) text('hop addr', hop.addr, MAX_ADDR_LENGTH)
          assert.ok(hop.rtts.length <= MAX_RTTS_PER_HOP, `${hop.rtts.length} rtts`)
          assert.ok(hop.rtts.every(Number.isFinite), `rtts ${hop.rtts.join(',')}`)
          if (hop.flag !== undefined) text('flag', hop.flag, MAX_FLAG_LENGTH)
          if (hop.addrs !== undefined) {
            assert.ok(hop.addrs.length >= 1 && hop.addrs.length <= MAX_ADDRS_PER_HOP, `${hop.addrs.length} addrs`)
            for (const addr of hop.addrs) text('hop addrs[]', addr, MAX_ADDR_LENGTH)
          }
          for (const p of hop.probes ?? []) if (p.tcpFlags !== undefined) text('probe tcpFlags', p.tcpFlags, MAX_FLAG_LENGTH)
        }
      }
      return
    }
    case 'end': {
      const e = message.end
      assert.match(e.requestId, REQUEST_ID)
      assert.ok(e.failures.length <= MAX_FAILURES_PER_END, `${e.failures.length} failures`)
      for (const f of e.failures) {
        text('failure peer', f.peer, MAX_PEER_ID_LENGTH)
        text('failure reason', f.reason, MAX_ERROR_LENGTH)
      }
      assert.ok(e.duplicate === undefined || e.duplicate === true, `duplicate ${String(e.duplicate)}`)
      return
    }
    case 'asked': {
      const a = message.asked
      assert.match(a.requestId, REQUEST_ID)
      text('asked by', a.by, MAX_PEER_ID_LENGTH, 1)
      assert.ok(a.peers.length <= MAX_PEERS_PER_ASKED, `${a.peers.length} peers asked`)
      for (const peer of a.peers) text('asked peer', peer, MAX_PEER_ID_LENGTH, 1)
      return
    }
    default:
      assert.fail(`unknown message type ${JSON.stringify(message)}`)
  }
}
