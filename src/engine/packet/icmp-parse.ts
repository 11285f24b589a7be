// Parses what a raw ICMP/ICMPv6 socket receives into the few facts the engine matches on: who answered, what
// kind of answer, and which of our probes it answers (echo id/seq, or the UDP/TCP/ICMP header quoted inside an error).

import { readU16, readU32 } from './bytes.js'

export const PROTO_ICMP = 1
export const PROTO_TCP = 6
export const PROTO_UDP = 17
export const PROTO_ICMP6 = 58

type AnswerKind = 'echo-reply' | 'time-exceeded' | 'unreachable'

/** The transport header of our probe as the router quoted it. */
interface QuotedProbe {
  protocol: number
  dst: Uint8Array
  /** ICMP echo: identifier and sequence number. */
  icmpId?: number
  icmpSeq?: number
  /** UDP and TCP: ports; UDP: the length field; TCP: the sequence number (the first 8 bytes hold all three). */
  srcPort?: number
  dstPort?: number
  udpLength?: number
  tcpSeq?: number
  /** The quoted bytes after the 8-byte transport header, as much as the router quoted. */
  payload?: Uint8Array
}

export interface IcmpAnswer {
  family: 4 | 6
  from: string
  kind: AnswerKind
  type: number
  code: number
  /** Set for echo replies. */
  echoId?: number
  echoSeq?: number
  /** The echo reply's payload (to tell our probes from other processes' pings). */
  echoPayload?: Uint8Array
  /** Set for errors that quote enough of our probe. */
  quoted?: QuotedProbe
  /** The answer's size in bytes, IP header included (IPv6: the fixed 40-byte header the kernel stripped). */
  size: number
  /** The IPv4 TTL the answer arrived with; unknown on IPv6 (the kernel strips the header). */
  replyTtl?: number
}

const ICMP4_ECHO_REPLY = 0
const ICMP4_UNREACH = 3
const ICMP4_TIME_EXCEEDED = 11
const ICMP6_UNREACH = 1
const ICMP6_TIME_EXCEEDED = 3
const ICMP6_ECHO_REPLY = 129
const IPV6_HEADER_BYTES = 40

/** The ICMP types parseIcmp4 / parseIcmp6 read: the raw sockets let only these through (a kernel filter). */
export const ANSWER_TYPES: Readonly<Record<4 | 6, readonly number[]>> = {
  4: [ICMP4_ECHO_REPLY, ICMP4_UNREACH, ICMP4_TIME_EXCEEDED],
  6: [ICMP6_ECHO_REPLY, ICMP6_UNREACH, ICMP6_TIME_EXCEEDED]
}

/** Parses a datagram from a raw IPv4 ICMP socket (it starts with the IPv4 header). Null when not for us. */
export function parseIcmp4 (buf: Uint8Array, from: string): IcmpAnswer | null {
  if (buf.length < 20 || (buf[0] >> 4) !== 4) return null
  const ihl = (buf[0] & 0x0f) * 4
  if (ihl < 20 || buf.length < ihl + 8) return null
  const icmp = buf.subarray(ihl)
  const type = icmp[0]
  const code = icmp[1]
  // The header's total length: the datagram read may have been cut to the receive slot.
  const size = readU16(buf, 2)
  const replyTtl = buf[8]
  if (type === ICMP4_ECHO_REPLY) {
    return {
      family: 4, from, kind: 'echo-reply', type, code, size, replyTtl,
      echoId: readU16(icmp, 4), echoSeq: readU16(icmp, 6), echoPayload: icmp.subarray(8)
    }
  }
  if (type !== ICMP4_UNREACH && type !== ICMP4_TIME_EXCEEDED) return null
  const quoted = parseQuoted4(icmp.subarray(8))
  if (quoted == null) return null
  return { family: 4, from, kind: type === ICMP4_UNREACH ? 'unreachable' : 'time-exceeded', type, code, quoted, size, replyTtl }
}

/** Parses a message from a raw ICMPv6 socket (no IPv6 header: the kernel strips it). Null when not for us. */
export function parseIcmp6 (buf: Uint8Array, from: string): IcmpAnswer | null {
  if (buf.length < 8) return null
  const type = buf[0]
  const code = buf[1]
  const size = IPV6_HEADER_BYTES + buf.length
  if (type === ICMP6_ECHO_REPLY) {
    return {
      family: 6, from, kind: 'echo-reply', type, code, size,
      echoId: readU16(buf, 4), echoSeq: readU16(buf, 6), echoPayload: buf.subarray(8)
    }
  }
  if (type !== ICMP6_UNREACH && type !== ICMP6_TIME_EXCEEDED) return null
  const quoted = parseQuoted6(buf.subarray(8))
  if (quoted == null) return null
  return { family: 6, from, kind: type === ICMP6_UNREACH ? 'unreachable' : 'time-exceeded', type, code, quoted, size }
}

function parseQuoted4 (ip: Uint8Array): QuotedProbe | null {
  if (ip.length < 20 || (ip[0] >> 4) !== 4) return null
  const ihl = (ip[0] & 0x0f) * 4
  // RFC 792 guarantees the IP header and the first 8 bytes of the datagram.
  if (ihl < 20 || ip.length < ihl + 8) return null
  return parseTransport(ip[9], ip.subarray(16, 20), ip.subarray(ihl))
}

function parseQuoted6 (ip: Uint8Array): QuotedProbe | null {
  // Our probes carry no extension headers, so the transport header follows the fixed 40 bytes.
  if (ip.length < 48 || (ip[0] >> 4) !== 6) return null
  return parseTransport(ip[6], ip.subarray(24, 40), ip.subarray(40))
}

function parseTransport (protocol: number, dst: Uint8Array, l4: Uint8Array): QuotedProbe {
  if (protocol === PROTO_ICMP || protocol === PROTO_ICMP6) {
    return { protocol, dst, icmpId: readU16(l4, 4), icmpSeq: readU16(l4, 6), payload: l4.subarray(8) }
  }
  if (protocol === PROTO_UDP) {
    return {
      protocol, dst, srcPort: readU16(l4, 0), dstPort: readU16(l4, 2), udpLength: readU16(l4, 4), payload: l4.subarray(8)
    }
  }
  if (protocol === PROTO_TCP) {
    return { protocol, dst, srcPort: readU16(l4, 0), dstPort: readU16(l4, 2), tcpSeq: readU32(l4, 4) }
  }
  return { protocol, dst }
}
