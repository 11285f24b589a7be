// Paris ICMP echo probes: every probe of a trace has the same identifier AND the same checksum, so a load
// balancer that hashes the first words of the ICMP header keeps the whole trace on one path. The sequence
// number tells probes apart; two payload bytes compensate it so the checksum does not move.

import { internetChecksum } from './checksum.js'

export const ICMP4_ECHO_REQUEST = 8
export const ICMP4_ECHO_REPLY = 0
export const ICMP6_ECHO_REQUEST = 128
export const ICMP6_ECHO_REPLY = 129

/** Bytes after the 8-byte echo header: 2 compensation bytes and a fixed tag. */
const PAYLOAD = Buffer.from('\0\0peertrace', 'latin1')
const PAYLOAD_MAGIC_OFFSET = 2

/**
 * Builds an echo request whose checksum is the same for every `seq`: the compensation word is `-seq` in ones'
 * complement arithmetic, so header + payload sum to a constant. For IPv4 the checksum is written here; for
 * ICMPv6 the kernel writes it (it covers a pseudo-header, which is constant for the flow), and the sum we keep
 * constant makes the kernel's value constant too.
 */
export function buildEcho (family: 4 | 6, identifier: number, seq: number): Buffer {
  const buf = Buffer.alloc(8 + PAYLOAD.length)
  buf[0] = family === 4 ? ICMP4_ECHO_REQUEST : ICMP6_ECHO_REQUEST
  buf[1] = 0
  buf.writeUInt16BE(identifier, 4)
  buf.writeUInt16BE(seq, 6)
  PAYLOAD.copy(buf, 8)
  // seq + comp == 0xffff (ones' complement zero) for every seq.
  buf.writeUInt16BE((~seq) & 0xffff, 8)
  if (family === 4) {
    buf.writeUInt16BE(internetChecksum(buf), 2)
  }
  return buf
}

/** True when the bytes after the echo header carry our tag: guards against other processes' pings. */
export function isOurEchoPayload (payload: Uint8Array): boolean {
  if (payload.length < PAYLOAD.length) {
    return false
  }
  for (let i = PAYLOAD_MAGIC_OFFSET; i < PAYLOAD.length; i++) {
    if (payload[i] !== PAYLOAD[i]) return false
  }
  return true
}
