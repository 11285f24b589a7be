// The Paris TCP method's packets and classifier: SYN probes byte for byte (checksums over the pseudo-header, against
// bytes computed independently), the parse of the target's SYN-ACK and RST, ICMP errors that quote a SYN, and the
// flow over a fake native layer (one 5-tuple, the key in the sequence number, answers matched by ack - 1).

import assert from 'node:assert/strict'
import { addressBytes } from '../../src/engine/packet/address.js'
import { onesSum } from '../../src/engine/packet/checksum.js'
import { PROTO_TCP, parseIcmp4, parseIcmp6 } from '../../src/engine/packet/icmp-parse.js'
import { buildSyn, parseTcpReply, SYN_PROBE_BYTES, tcpChecksum } from '../../src/engine/packet/tcp-segment.js'
import { ParisTcpFlow } from '../../src/engine/method/paris-tcp.js'
import { TcpProbeSocket } from '../../src/engine/socket/tcp-socket.js'
import type { TcpReply } from '../../src/engine/packet/tcp-segment.js'
import { FakeSocketBinding, errnoError } from './fake-socket-binding.js'
import { NoPrivilegeError, SendError } from '../../src/engine/errors.js'
import {
  ICMP4_TIME_EXCEEDED, ICMP4_UNREACH, ICMP6_TIME_EXCEEDED, ME4, ME6, ROUTER4, TARGET4, TARGET6, icmp4Error, icmp6Error,
  ipv4, ipv6
} from './icmp-datagrams.js'

const SPORT = 40_000
const DPORT = 80
const SEQ = 0x01020304

/**
 * The same SYNs built by an independent implementation (Python's struct and a plain RFC 1071 sum over the pseudo-
 * header and segment), for 198.18.0.1 -> 198.18.3.2 and 2001:db8:1::1 -> 2001:db8:1:3::2, ports 40000 -> 80.
 */
const KNOWN_SYN4 = '9c40005001020304000000006002ffff68680000020405b4'
const KNOWN_SYN6 = '9c40005001020304000000006002ffff9c160000020405b4'

/** A TCP header from the target: ports, seq, ack, flags byte, as the wire has it. */
function segment (srcPort: number, dstPort: number, seq: number, ack: number, flags: number): Buffer {
  const buf = Buffer.alloc(20)
  buf.writeUInt16BE(srcPort, 0)
  buf.writeUInt16BE(dstPort, 2)
  buf.writeUInt32BE(seq >>> 0, 4)
  buf.writeUInt32BE(ack >>> 0, 8)
  buf[12] = 5 << 4
  buf[13] = flags
  return buf
}

const SYN_ACK = 0x12
const RST_ACK = 0x14
const SYN_ONLY = 0x02

describe('engine: TCP segments (Paris TCP probes)', function () {
  it('a SYN over IPv4 is the known bytes: ports, seq, data offset 6, SYN, window, MSS 1460, checksum 0x6868', function () {
    const syn = buildSyn({ src: addressBytes('198.18.0.1'), dst: addressBytes('198.18.3.2'), srcPort: SPORT, dstPort: DPORT, seq: SEQ })
    assert.equal(syn.toString('hex'), KNOWN_SYN4)
    assert.equal(syn.length, SYN_PROBE_BYTES)
  })

  it('a SYN over IPv6 is the known bytes (checksum 0x9c16 over the 40-byte pseudo-header)', function () {
    const syn = buildSyn({
      src: addressBytes('2001:db8:1::1'), dst: addressBytes('2001:db8:1:3::2'), srcPort: SPORT, dstPort: DPORT, seq: SEQ
    })
    assert.equal(syn.toString('hex'), KNOWN_SYN6)
  })

  it('the checksum verifies as a receiver checks it: pseudo-header + segment sum to 0xffff, for any seq', function () {
    for (const [src, dst] of [[ME4, TARGET4], [ME6, TARGET6]]) {
      for (const seq of [0, 1, 0x7fffffff, 0xffffffff]) {
        const syn = buildSyn({ src: addressBytes(src), dst: addressBytes(dst), srcPort: SPORT, dstPort: DPORT, seq })
        // The checksum of a segment whose checksum field is filled in is 0: the ones' complement sum is all ones.
        assert.equal(tcpChecksum(addressBytes(src), addressBytes(dst), syn), 0, `${src} seq ${seq}`)
        assert.equal(syn.readUInt32BE(4), seq)
      }
    }
    assert.equal(onesSum(Buffer.from('ffff', 'hex')), 0xffff)
  })

  it('parses a SYN-ACK read with its IPv4 header: ports, ack, flags SA, reply TTL and size', function () {
    const datagram = ipv4(PROTO_TCP, TARGET4, ME4, segment(DPORT, SPORT, 0xdeadbeef, SEQ + 1, SYN_ACK))
    datagram[8] = 61
    const reply = parseTcpReply(4, datagram, TARGET4)
    assert.deepEqual(reply, {
      family: 4, from: TARGET4, srcPort: DPORT, dstPort: SPORT, seq: 0xdeadbeef, ack: SEQ + 1, flags: 'SA',
      syn: true, rst: false, hasAck: true, size: 40, replyTtl: 61
    } satisfies TcpReply)
  })

  it('parses a RST read from an IPv6 raw socket (no IP header): flags RA, size with the 40-byte header', function () {
    const reply = parseTcpReply(6, segment(DPORT, SPORT, 0, SEQ + 1, RST_ACK), TARGET6)
    assert.deepEqual(reply, {
      family: 6, from: TARGET6, srcPort: DPORT, dstPort: SPORT, seq: 0, ack: SEQ + 1, flags: 'RA',
      syn: false, rst: true, hasAck: true, size: 60
    } satisfies TcpReply)
  })

  it('refuses what is not a TCP segment: short, another protocol, a bad IP version', function () {
    assert.equal(parseTcpReply(6, Buffer.alloc(19), TARGET6), null)
    assert.equal(parseTcpReply(4, ipv4(17, TARGET4, ME4, segment(DPORT, SPORT, 0, 1, RST_ACK)), TARGET4), null)
    const v6inV4 = ipv4(PROTO_TCP, TARGET4, ME4, segment(DPORT, SPORT, 0, 1, RST_ACK))
    v6inV4[0] = 0x65
    assert.equal(parseTcpReply(4, v6inV4, TARGET4), null)
    assert.equal(parseTcpReply(4, ipv4(PROTO_TCP, TARGET4, ME4, Buffer.alloc(12)), TARGET4), null)
  })

  it('an ICMP error quoting only 8 bytes of a SYN still gives its ports and sequence number (IPv4 and IPv6)', function () {
    const syn4 = buildSyn({ src: addressBytes(ME4), dst: addressBytes(TARGET4), srcPort: SPORT, dstPort: DPORT, seq: SEQ })
    const a4 = parseIcmp4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, ipv4(PROTO_TCP, ME4, TARGET4, syn4), 28), ROUTER4)
    assert.deepEqual([a4?.kind, a4?.quoted?.protocol, a4?.quoted?.srcPort, a4?.quoted?.dstPort, a4?.quoted?.tcpSeq],
      ['time-exceeded', PROTO_TCP, SPORT, DPORT, SEQ])
    const syn6 = buildSyn({ src: addressBytes(ME6), dst: addressBytes(TARGET6), srcPort: SPORT, dstPort: DPORT, seq: SEQ })
    const a6 = parseIcmp6(icmp6Error(ICMP6_TIME_EXCEEDED, 0, ipv6(PROTO_TCP, ME6, TARGET6, syn6), 48), '2001:db8:5::1')
    assert.deepEqual([a6?.kind, a6?.quoted?.srcPort, a6?.quoted?.dstPort, a6?.quoted?.tcpSeq], ['time-exceeded', SPORT, DPORT, SEQ])
  })
})

describe('engine: Paris TCP flow over the native layer (fake)', function () {
  const NONCE = 0xfffffffe

  function open (family: 4 | 6 = 4): { binding: FakeSocketBinding, socket: TcpProbeSocket, flow: ParisTcpFlow } {
    const binding = new FakeSocketBinding()
    const [src, dst] = family === 4 ? [ME4, TARGET4] : [ME6, TARGET6]
    const socket = new TcpProbeSocket(family, src, dst, DPORT, binding)
    return { binding, socket, flow: new ParisTcpFlow(socket, addressBytes(dst), NONCE) }
  }

  it('opens a raw TCP socket bound to the source, filtered on the target port, whose held port is the flow\'s', function () {
    const { binding, socket, flow } = open(6)
    assert.deepEqual(binding.sockets.map(s => [s.kind, s.family, s.source, s.remotePort]), [['tcp', 6, ME6, DPORT]])
    assert.equal(socket.localPort, binding.sockets[0].port)
    assert.equal(flow.flowKey, `tcp6/${socket.localPort}`)
  })

  it('opening: EPERM is NoPrivilegeError (exit 3); any other refusal a SendError naming the addresses', function () {
    const binding = new FakeSocketBinding()
    binding.openError = errnoError('EPERM', 'socket: Operation not permitted')
    assert.throws(() => new TcpProbeSocket(4, ME4, TARGET4, DPORT, binding), NoPrivilegeError)
    binding.openError = errnoError('EADDRNOTAVAIL', 'bind: Cannot assign requested address')
    assert.throws(() => new TcpProbeSocket(6, 'fe80::1', TARGET6, DPORT, binding), (err: unknown) => {
      assert.ok(err instanceof SendError)
      assert.equal(err.message, `cannot open a TCP probe socket from fe80::1 to ${TARGET6}: bind: Cannot assign requested address`)
      return true
    })
  })

  it('probe k: a SYN from the held port to the target port, seq = nonce + k (mod 2^32), the TTL asked, port 0', function () {
    const { binding, socket, flow } = open()
    binding.sendTimes.push(10, 11)
    flow.send(3, 0, () => {})
    flow.send(4, 5, () => {})
    const sends = binding.sockets[0].sends
    assert.deepEqual(sends.map(s => [s.addr, s.port, s.ttl]), [[TARGET4, 0, 3], [TARGET4, 0, 4]])
    const expected = (seq: number): string => buildSyn({
      src: addressBytes(ME4), dst: addressBytes(TARGET4), srcPort: socket.localPort, dstPort: DPORT, seq
    }).toString('hex')
    assert.deepEqual(sends.map(s => s.data.toString('hex')), [expected(NONCE), expected(3)])
    // Every probe of the trace: the same ports (the 5-tuple), only the sequence number (and checksum) moves.
    assert.deepEqual(sends.map(s => s.data.subarray(0, 4).toString('hex')), Array(2).fill(sends[0].data.subarray(0, 4).toString('hex')))
  })

  it('the target\'s SYN-ACK and RST, read on the flow\'s socket, are the destination, with their flags', function () {
    const { binding, socket, flow } = open()
    const got: Array<ReturnType<ParisTcpFlow['classifyReply']>> = []
    socket.on('reply', (reply) => { got.push(flow.classifyReply(reply)) })
    const port = socket.localPort
    const from = (flags: number, ack: number, src = TARGET4, sport = DPORT, dport = port): Buffer =>
      ipv4(PROTO_TCP, src, ME4, segment(sport, dport, 77, ack, flags))
    binding.deliver(binding.sockets[0], [
      from(SYN_ACK, NONCE + 1 + 0), // key 0
      from(RST_ACK, (NONCE + 1 + 7) >>> 0), // key 7, past the wrap of the sequence space
      from(RST_ACK, NONCE + 1, ROUTER4), // not the target
      from(SYN_ONLY, NONCE + 1), // no ACK: not an answer to a SYN
      from(RST_ACK, NONCE + 1, TARGET4, 81), // another port
      from(RST_ACK, (NONCE + 1 + 5000) >>> 0) // a key never used (past the trace's probes)
    ], [TARGET4, TARGET4, ROUTER4, TARGET4, TARGET4, TARGET4], [1, 2, 3, 4, 5, 6])
    assert.deepEqual(got, [
      { key: 0, answer: { from: TARGET4, cls: 'dest', tcpFlags: 'SA', replyTtl: 64, size: 40 } },
      { key: 7, answer: { from: TARGET4, cls: 'dest', tcpFlags: 'RA', replyTtl: 64, size: 40 } },
      null, null, null, null
    ])
  })

  it('ICMP errors quoting the flow\'s SYN: time exceeded is a hop, port unreachable from the target the destination, others stop', function () {
    const { socket, flow } = open()
    const probe = (key: number): Buffer => ipv4(PROTO_TCP, ME4, TARGET4, buildSyn({
      src: addressBytes(ME4), dst: addressBytes(TARGET4), srcPort: socket.localPort, dstPort: DPORT, seq: (NONCE + key) >>> 0
    }))
    const classify = (datagram: Buffer, from: string): unknown => {
      const answer = parseIcmp4(datagram, from)
      return answer === null ? 'unparsed' : flow.classify(answer)
    }
    assert.deepEqual(classify(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, probe(2)), ROUTER4),
      { key: 2, answer: { from: ROUTER4, cls: 'hop' } })
    assert.deepEqual(classify(icmp4Error(ICMP4_UNREACH, 3, TARGET4, probe(4)), TARGET4),
      { key: 4, answer: { from: TARGET4, cls: 'dest' } })
    assert.deepEqual(classify(icmp4Error(ICMP4_UNREACH, 13, ROUTER4, probe(5)), ROUTER4),
      { key: 5, answer: { from: ROUTER4, cls: 'stop', flag: '!X' } })
    // Another flow's SYN (another source port) is not ours.
    const other = ipv4(PROTO_TCP, ME4, TARGET4, buildSyn({
      src: addressBytes(ME4), dst: addressBytes(TARGET4), srcPort: socket.localPort + 1, dstPort: DPORT, seq: NONCE
    }))
    assert.equal(classify(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, other), ROUTER4), null)
  })
})
