// Hand-built datagrams as the raw sockets read them: our probes (ICMP echo, Paris UDP) and the ICMP answers that
// quote them, for IPv4 (with its IP header) and ICMPv6 (header stripped by the kernel). Shared by the packet and
// classifier tests.

import { addressBytes } from '../../src/engine/packet/address.js'
import { internetChecksum } from '../../src/engine/packet/checksum.js'
import { buildEcho } from '../../src/engine/packet/icmp-echo.js'
import { PROTO_ICMP, PROTO_ICMP6, PROTO_UDP } from '../../src/engine/packet/icmp-parse.js'
import { UdpProbeSocket } from '../../src/engine/socket/udp-socket.js'

export const ME4 = '192.0.2.1'
export const TARGET4 = '198.51.100.7'
export const ROUTER4 = '203.0.113.5'
export const ME6 = '2001:db8::1'
export const TARGET6 = '2001:db8:ffff::7'
export const ROUTER6 = '2001:db8:5::1'

export const ICMP4_TIME_EXCEEDED = 11
export const ICMP4_UNREACH = 3
export const ICMP6_UNREACH = 1
export const ICMP6_TIME_EXCEEDED = 3

/** An IPv4 datagram; `optionWords` 4-byte words of IP options (NOPs) lengthen the header. */
export function ipv4 (protocol: number, src: string, dst: string, payload: Uint8Array, optionWords = 0): Buffer {
  const ihl = 20 + 4 * optionWords
  const buf = Buffer.alloc(ihl + payload.length)
  buf[0] = 0x40 | (ihl / 4)
  buf.writeUInt16BE(buf.length, 2)
  buf[8] = 64
  buf[9] = protocol
  Buffer.from(addressBytes(src)).copy(buf, 12)
  Buffer.from(addressBytes(dst)).copy(buf, 16)
  buf.fill(1, 20, ihl)
  buf.writeUInt16BE(internetChecksum(buf.subarray(0, ihl)), 10)
  Buffer.from(payload).copy(buf, ihl)
  return buf
}

/** An IPv6 packet (fixed header only). */
export function ipv6 (nextHeader: number, src: string, dst: string, payload: Uint8Array): Buffer {
  const buf = Buffer.alloc(40 + payload.length)
  buf[0] = 0x60
  buf.writeUInt16BE(payload.length, 4)
  buf[6] = nextHeader
  buf[7] = 64
  Buffer.from(addressBytes(src)).copy(buf, 8)
  Buffer.from(addressBytes(dst)).copy(buf, 24)
  Buffer.from(payload).copy(buf, 40)
  return buf
}

/** An ICMP message: type, code, checksum, then `rest` (for errors: 4 unused bytes, then the quote). */
export function icmp (type: number, code: number, rest: Uint8Array): Buffer {
  const buf = Buffer.alloc(4 + rest.length)
  buf[0] = type
  buf[1] = code
  Buffer.from(rest).copy(buf, 4)
  buf.writeUInt16BE(internetChecksum(buf), 2)
  return buf
}

/** A Paris UDP probe's datagram: the length field carries the probe key. */
export function udp (srcPort: number, dstPort: number, key: number): Buffer {
  const length = UdpProbeSocket.udpLength(key)
  const buf = Buffer.alloc(length, 0x50)
  buf.writeUInt16BE(srcPort, 0)
  buf.writeUInt16BE(dstPort, 2)
  buf.writeUInt16BE(length, 4)
  buf.writeUInt16BE(0, 6)
  return buf
}

export function echoProbe4 (dst: string, id: number, seq: number): Buffer {
  return ipv4(PROTO_ICMP, ME4, dst, buildEcho(4, id, seq))
}

export function udpProbe4 (dst: string, srcPort: number, dstPort: number, key: number): Buffer {
  return ipv4(PROTO_UDP, ME4, dst, udp(srcPort, dstPort, key))
}

export function echoProbe6 (dst: string, id: number, seq: number): Buffer {
  return ipv6(PROTO_ICMP6, ME6, dst, buildEcho(6, id, seq))
}

export function udpProbe6 (dst: string, srcPort: number, dstPort: number, key: number): Buffer {
  return ipv6(PROTO_UDP, ME6, dst, udp(srcPort, dstPort, key))
}

/**
 * An ICMPv4 error from `from` quoting `probe`, as a raw socket reads it (outer IPv4 header first). By default the
 * whole probe is quoted, as Linux does; `quoteBytes` cuts the quote (RFC 792 promises header + 8 bytes).
 */
export function icmp4Error (
  type: number, code: number, from: string, probe: Buffer, quoteBytes = probe.length
): Buffer {
  const rest = Buffer.concat([Buffer.alloc(4), probe.subarray(0, quoteBytes)])
  return ipv4(PROTO_ICMP, from, ME4, icmp(type, code, rest))
}

/** An ICMPv6 error quoting `probe`, as a raw ICMPv6 socket reads it (no IPv6 header). */
export function icmp6Error (type: number, code: number, probe: Buffer, quoteBytes = probe.length): Buffer {
  return icmp(type, code, Buffer.concat([Buffer.alloc(4), probe.subarray(0, quoteBytes)]))
}

/** The echo reply to one of our echo probes: the request with its type changed, payload echoed. */
export function echoReply4 (from: string, id: number, seq: number, payload?: Uint8Array): Buffer {
  const reply = echoMessage(buildEcho(4, id, seq), 0, payload)
  return ipv4(PROTO_ICMP, from, ME4, reply)
}

export function echoReply6 (id: number, seq: number, payload?: Uint8Array): Buffer {
  return echoMessage(buildEcho(6, id, seq), 129, payload)
}

function echoMessage (request: Buffer, type: number, payload?: Uint8Array): Buffer {
  const body = payload === undefined ? request.subarray(8) : Buffer.from(payload)
  const msg = Buffer.concat([request.subarray(0, 8), body])
  msg[0] = type
  msg.writeUInt16BE(0, 2)
  msg.writeUInt16BE(internetChecksum(msg), 2)
  return msg
}
