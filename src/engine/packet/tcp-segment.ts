// Paris TCP probes and the target's answers: a SYN whose ports stay the same for the whole trace (the 5-tuple a
// load balancer hashes) and whose sequence number tells probes apart, as in scamper's and Debian traceroute's TCP
// methods; and the parse of the SYN-ACK or RST the target sends back (its acknowledgment number is our sequence + 1).

import { readU16, readU32 } from './bytes.js'
import { internetChecksum, onesSum } from './checksum.js'
import { PROTO_TCP } from './icmp-parse.js'

const TCP_HEADER_BYTES = 20
/** One option, the MSS every real SYN carries: a bare SYN is what some middleboxes drop as a scan. */
const MSS_OPTION = Uint8Array.of(2, 4, 0x05, 0xb4)
/** Bytes of every probe: the TCP header and its MSS option. */
export const SYN_PROBE_BYTES = TCP_HEADER_BYTES + MSS_OPTION.length
const SYN_WINDOW = 65535
const IPV6_HEADER_BYTES = 40

const FLAG_FIN = 0x01
const FLAG_SYN = 0x02
const FLAG_RST = 0x04
const FLAG_PSH = 0x08
const FLAG_ACK = 0x10
const FLAG_URG = 0x20

export interface SynProbe {
  src: Uint8Array
  dst: Uint8Array
  srcPort: number
  dstPort: number
  seq: number
}

/** A SYN with its checksum over the pseudo-header (RFC 9293 §3.1; for IPv6 RFC 8200 §8.1), ready for a raw socket. */
export function buildSyn (probe: SynProbe): Buffer {
  const buf = Buffer.alloc(SYN_PROBE_BYTES)
  buf.writeUInt16BE(probe.srcPort, 0)
  buf.writeUInt16BE(probe.dstPort, 2)
  buf.writeUInt32BE(probe.seq >>> 0, 4)
  buf.writeUInt32BE(0, 8)
  buf[12] = (SYN_PROBE_BYTES / 4) << 4
  buf[13] = FLAG_SYN
  buf.writeUInt16BE(SYN_WINDOW, 14)
  buf.set(MSS_OPTION, TCP_HEADER_BYTES)
  buf.writeUInt16BE(tcpChecksum(probe.src, probe.dst, buf), 16)
  return buf
}

/** The checksum field of `segment` (its own checksum field zeroed) between these addresses (4 or 16 bytes each). */
export function tcpChecksum (src: Uint8Array, dst: Uint8Array, segment: Uint8Array): number {
  const pseudo = src.length === 16 ? Buffer.alloc(40) : Buffer.alloc(12)
  pseudo.set(src, 0)
  pseudo.set(dst, src.length)
  if (src.length === 16) {
    pseudo.writeUInt32BE(segment.length, 32)
    pseudo[39] = PROTO_TCP
  } else {
    pseudo[9] = PROTO_TCP
    pseudo.writeUInt16BE(segment.length, 10)
  }
  return internetChecksum(segment, onesSum(pseudo))
}

/** A TCP segment as received on a raw TCP socket: the few facts the TCP method matches on. */
export interface TcpReply {
  family: 4 | 6
  from: string
  srcPort: number
  dstPort: number
  seq: number
  ack: number
  /** The flags in RIPE Atlas's notation: the letters of F S R P A U that are set, in that order ('SA', 'RA'). */
  flags: string
  syn: boolean
  rst: boolean
  hasAck: boolean
  /** The segment's size in bytes, IP header included (IPv6: the fixed 40-byte header the kernel stripped). */
  size: number
  /** The IPv4 TTL it arrived with; unknown on IPv6 (the kernel strips the header). */
  replyTtl?: number
}

/** Parses what a raw TCP socket reads: IPv4 with its IP header, IPv6 without. Null when too short to be TCP. */
export function parseTcpReply (family: 4 | 6, buf: Uint8Array, from: string): TcpReply | null {
  let tcp = buf
  let size = IPV6_HEADER_BYTES + buf.length
  let replyTtl: number | undefined
  if (family === 4) {
    if (buf.length < 20 || (buf[0] >> 4) !== 4 || buf[9] !== PROTO_TCP) return null
    const ihl = (buf[0] & 0x0f) * 4
    if (ihl < 20) return null
    tcp = buf.subarray(ihl)
    size = readU16(buf, 2)
    replyTtl = buf[8]
  }
  if (tcp.length < TCP_HEADER_BYTES) return null
  const bits = tcp[13]
  const reply: TcpReply = {
    family,
    from,
    srcPort: readU16(tcp, 0),
    dstPort: readU16(tcp, 2),
    seq: readU32(tcp, 4),
    ack: readU32(tcp, 8),
    flags: flagLetters(bits),
    syn: (bits & FLAG_SYN) !== 0,
    rst: (bits & FLAG_RST) !== 0,
    hasAck: (bits & FLAG_ACK) !== 0,
    size
  }
  if (replyTtl !== undefined) reply.replyTtl = replyTtl
  return reply
}

const LETTERS: Array<[number, string]> = [
  [FLAG_FIN, 'F'], [FLAG_SYN, 'S'], [FLAG_RST, 'R'], [FLAG_PSH, 'P'], [FLAG_ACK, 'A'], [FLAG_URG, 'U']
]

function flagLetters (bits: number): string {
  return LETTERS.filter(([bit]) => (bits & bit) !== 0).map(([, letter]) => letter).join('')
}
