// Paris ICMP echo probes: every probe of a trace has the same identifier AND the same checksum, so a load
// balancer that hashes the first words of the ICMP header keeps the whole trace on one path. The sequence
// number tells probes apart; two payload bytes compensate it so the checksum does not move. A per-trace nonce in
// the payload tells our trace's answers from those of another process that drew the same identifier.

import { readU32 } from './bytes.js'
import { internetChecksum } from './checksum.js'

const ICMP4_ECHO_REQUEST = 8
const ICMP6_ECHO_REQUEST = 128

/** Bytes after the 8-byte echo header: 2 compensation bytes, a fixed tag, then the trace's 4-byte nonce. */
const TAG = Buffer.from('\0\0peertrace', 'latin1')
const PAYLOAD_MAGIC_OFFSET = 2
const NONCE_OFFSET = TAG.length
/** Payload bytes of every echo probe. */
const ECHO_PAYLOAD_LENGTH = TAG.length + 4
/** Bytes of every echo probe: the 8-byte header and the payload. */
export const ECHO_PROBE_BYTES = 8 + ECHO_PAYLOAD_LENGTH

/**
 * Builds an echo request whose checksum is the same for every `seq`: the compensation word is `-seq` in ones'
 * complement arithmetic, so header + payload sum to a constant. For IPv4 the checksum is written here; for
 * ICMPv6 the kernel writes it (it covers a pseudo-header, which is constant for the flow), and the sum we keep
 * constant makes the kernel's value constant too.
 */
export function buildEcho (family: 4 | 6, identifier: number, seq: number, nonce = 0): Buffer {
  const buf = Buffer.alloc(8 + ECHO_PAYLOAD_LENGTH)
  buf[0] = family === 4 ? ICMP4_ECHO_REQUEST : ICMP6_ECHO_REQUEST
  buf[1] = 0
  buf.writeUInt16BE(identifier, 4)
  buf.writeUInt16BE(seq, 6)
  TAG.copy(buf, 8)
  buf.writeUInt32BE(nonce >>> 0, 8 + NONCE_OFFSET)
  // seq + comp == 0xffff (ones' complement zero) for every seq.
  buf.writeUInt16BE((~seq) & 0xffff, 8)
  if (family === 4) {
    buf.writeUInt16BE(internetChecksum(buf), 2)
  }
  return buf
}

/** True when the bytes after the echo header carry our tag and this trace's nonce. */
export function isOurEchoPayload (payload: Uint8Array, nonce = 0): boolean {
  if (payload.length < ECHO_PAYLOAD_LENGTH) {
    return false
  }
  for (let i = PAYLOAD_MAGIC_OFFSET; i < TAG.length; i++) {
    if (payload[i] !== TAG[i]) return false
  }
  return readU32(payload, NONCE_OFFSET) === nonce >>> 0
}

/**
 * For a payload quoted inside an ICMP error: false only when enough of it is quoted to show another nonce (RFC 792
 * routers may quote just the 8-byte header; Linux quotes the whole probe).
 */
export function quotedEchoPayloadMatches (payload: Uint8Array | undefined, nonce: number): boolean {
  if (payload === undefined || payload.length < ECHO_PAYLOAD_LENGTH) return true
  return isOurEchoPayload(payload, nonce)
}
