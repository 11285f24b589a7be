// Probe building and answer parsing on hand-built datagrams, address spellings, unreachable flags, the UDP key
// encoding and option validation: the wire side of the engine, with no socket.

import assert from 'node:assert/strict'
import { DEFAULT_WAIT_MS } from '../../src/engine/constants.js'
import { InvalidOptionError } from '../../src/engine/errors.js'
import { traceOptions } from '../../src/engine/options.js'
import { addressBytes, canonicalAddress, sameBytes } from '../../src/engine/packet/address.js'
import { internetChecksum, onesSum } from '../../src/engine/packet/checksum.js'
import { buildEcho, isOurEchoPayload } from '../../src/engine/packet/icmp-echo.js'
import {
  parseIcmp4, parseIcmp6, PROTO_ICMP, PROTO_ICMP6, PROTO_UDP, type IcmpAnswer
} from '../../src/engine/packet/icmp-parse.js'
import { isPortUnreachable, unreachableFlag } from '../../src/engine/packet/unreachable-flag.js'
import { UdpProbeSocket } from '../../src/engine/socket/udp-socket.js'
import type { TraceOptions } from '../../src/engine/trace.js'
import {
  echoProbe4, echoProbe6, echoReply4, echoReply6, icmp, icmp4Error, icmp6Error, ICMP4_TIME_EXCEEDED, ICMP4_UNREACH,
  ICMP6_TIME_EXCEEDED, ICMP6_UNREACH, ipv4, ME4, ROUTER4, ROUTER6, TARGET4, TARGET6, udp, udpProbe4, udpProbe6
} from './icmp-datagrams.js'

const ID = 0x1234
const SPORT = 40_001
const DPORT = 33_434

/** A small deterministic PRNG (xorshift32), so a failing random case can be replayed. */
function prng (seed: number): () => number {
  let x = seed >>> 0
  return () => {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    return x
  }
}

const bytes = (b: Uint8Array | undefined): number[] => Array.from(b ?? [])

describe('buildEcho', () => {
  it('IPv4: the same identifier and checksum for every sequence number, and a valid checksum', () => {
    for (const id of [0, 1, ID, 0xffff]) {
      const checksum = buildEcho(4, id, 0).readUInt16BE(2)
      for (let seq = 0; seq <= 0xffff; seq++) {
        const probe = buildEcho(4, id, seq)
        assert.equal(probe[0], 8)
        assert.equal(probe[1], 0)
        assert.equal(probe.readUInt16BE(2), checksum, `id ${id} seq ${seq}`)
        assert.equal(probe.readUInt16BE(4), id)
        assert.equal(probe.readUInt16BE(6), seq)
        if (internetChecksum(probe) !== 0) assert.fail(`id ${id} seq ${seq}: checksum does not verify`)
        if (!isOurEchoPayload(probe.subarray(8))) assert.fail(`seq ${seq}: payload lost its tag`)
      }
    }
  })

  it('ICMPv6: the checksum is left to the kernel, and the sum it covers is the same for every seq', () => {
    const sum = onesSum(buildEcho(6, ID, 0))
    for (let seq = 0; seq <= 0xffff; seq++) {
      const probe = buildEcho(6, ID, seq)
      assert.equal(probe[0], 128)
      assert.equal(probe.readUInt16BE(2), 0)
      assert.equal(probe.readUInt16BE(4), ID)
      if (onesSum(probe) !== sum) assert.fail(`seq ${seq}: the sum moved`)
    }
  })

  it('tells our payload from another pinger\'s', () => {
    assert.equal(isOurEchoPayload(buildEcho(4, ID, 7).subarray(8)), true)
    assert.equal(isOurEchoPayload(Buffer.from('abcdefghijklmnop')), false)
    assert.equal(isOurEchoPayload(buildEcho(4, ID, 7).subarray(8, 12)), false)
    assert.equal(isOurEchoPayload(new Uint8Array(0)), false)
  })
})

describe('parseIcmp4', () => {
  it('time exceeded quoting an echo probe: kind, code, quoted id/seq and destination', () => {
    for (const quoteBytes of [undefined, 28]) {
      const datagram = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 517), quoteBytes)
      const answer = parseIcmp4(datagram, ROUTER4)
      assert.ok(answer !== null)
      assert.deepEqual({ ...answer, quoted: undefined }, {
        family: 4, from: ROUTER4, kind: 'time-exceeded', type: 11, code: 0, quoted: undefined,
        size: datagram.length, replyTtl: 64
      })
      assert.equal(answer.quoted?.protocol, PROTO_ICMP)
      assert.equal(answer.quoted?.icmpId, ID)
      assert.equal(answer.quoted?.icmpSeq, 517)
      assert.deepEqual(bytes(answer.quoted?.dst), bytes(addressBytes(TARGET4)))
    }
  })

  it('port unreachable quoting a UDP probe: ports and the length that carries the key', () => {
    const answer = parseIcmp4(icmp4Error(ICMP4_UNREACH, 3, TARGET4, udpProbe4(TARGET4, SPORT, DPORT, 42)), TARGET4)
    assert.equal(answer?.kind, 'unreachable')
    assert.equal(answer?.code, 3)
    assert.equal(answer?.quoted?.protocol, PROTO_UDP)
    assert.equal(answer?.quoted?.srcPort, SPORT)
    assert.equal(answer?.quoted?.dstPort, DPORT)
    assert.equal(answer?.quoted?.udpLength, UdpProbeSocket.udpLength(42))
    assert.deepEqual(bytes(answer?.quoted?.dst), [198, 51, 100, 7])
  })

  it('reads past IP options, outside and inside the quote', () => {
    const probe = ipv4(PROTO_UDP, ME4, TARGET4, udp(SPORT, DPORT, 9), 3)
    const datagram = ipv4(PROTO_ICMP, ROUTER4, ME4, icmp(ICMP4_UNREACH, 13, Buffer.concat([Buffer.alloc(4), probe])), 2)
    const answer = parseIcmp4(datagram, ROUTER4)
    assert.equal(answer?.code, 13)
    assert.equal(answer?.quoted?.srcPort, SPORT)
    assert.equal(answer?.quoted?.udpLength, UdpProbeSocket.udpLength(9))
    assert.deepEqual(bytes(answer?.quoted?.dst), [198, 51, 100, 7])
  })

  it('echo reply: id, seq and the echoed payload', () => {
    const answer = parseIcmp4(echoReply4(TARGET4, ID, 0xfffe), TARGET4)
    assert.equal(answer?.kind, 'echo-reply')
    assert.equal(answer?.echoId, ID)
    assert.equal(answer?.echoSeq, 0xfffe)
    assert.deepEqual(bytes(answer?.echoPayload), bytes(buildEcho(4, ID, 0xfffe).subarray(8)))
  })

  it('a quoted transport other than ICMP, UDP or TCP gives just protocol and destination', () => {
    const sctp = ipv4(132, ME4, TARGET4, Buffer.alloc(20, 0xaa))
    const answer = parseIcmp4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, sctp), ROUTER4)
    assert.deepEqual(Object.keys(answer?.quoted ?? {}).sort(), ['dst', 'protocol'])
    assert.equal(answer?.quoted?.protocol, 132)
  })

  it('null for what is not an answer: our own echo request, other types, bad headers', () => {
    assert.equal(parseIcmp4(echoProbe4(TARGET4, ID, 1), ME4), null)
    assert.equal(parseIcmp4(ipv4(PROTO_ICMP, ROUTER4, ME4, icmp(5, 1, Buffer.alloc(40))), ROUTER4), null)
    const v6InV4 = Buffer.from(echoReply4(TARGET4, ID, 1)); v6InV4[0] = 0x65
    assert.equal(parseIcmp4(v6InV4, TARGET4), null)
    const shortIhl = Buffer.from(echoReply4(TARGET4, ID, 1)); shortIhl[0] = 0x44
    assert.equal(parseIcmp4(shortIhl, TARGET4), null)
    const quotedV6 = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 1)); quotedV6[28] = 0x65
    assert.equal(parseIcmp4(quotedV6, ROUTER4), null)
  })
})

describe('parseIcmp6', () => {
  it('time exceeded quoting an echo probe', () => {
    const answer = parseIcmp6(icmp6Error(ICMP6_TIME_EXCEEDED, 0, echoProbe6(TARGET6, ID, 300)), ROUTER6)
    assert.equal(answer?.family, 6)
    assert.equal(answer?.from, ROUTER6)
    assert.equal(answer?.kind, 'time-exceeded')
    assert.equal(answer?.type, 3)
    assert.equal(answer?.quoted?.protocol, PROTO_ICMP6)
    assert.equal(answer?.quoted?.icmpId, ID)
    assert.equal(answer?.quoted?.icmpSeq, 300)
    assert.deepEqual(bytes(answer?.quoted?.dst), bytes(addressBytes(TARGET6)))
  })

  it('port unreachable quoting a UDP probe', () => {
    const answer = parseIcmp6(icmp6Error(ICMP6_UNREACH, 4, udpProbe6(TARGET6, SPORT, DPORT, 1023)), TARGET6)
    assert.equal(answer?.kind, 'unreachable')
    assert.equal(answer?.code, 4)
    assert.equal(answer?.quoted?.srcPort, SPORT)
    assert.equal(answer?.quoted?.dstPort, DPORT)
    assert.equal(answer?.quoted?.udpLength, UdpProbeSocket.udpLength(1023))
    assert.deepEqual(bytes(answer?.quoted?.dst), bytes(addressBytes(TARGET6)))
  })

  it('echo reply', () => {
    const answer = parseIcmp6(echoReply6(ID, 77), TARGET6)
    assert.equal(answer?.kind, 'echo-reply')
    assert.equal(answer?.echoId, ID)
    assert.equal(answer?.echoSeq, 77)
    assert.equal(isOurEchoPayload(answer?.echoPayload ?? new Uint8Array(0)), true)
  })

  it('null for our own echo request, neighbour discovery, and a quote that is not IPv6', () => {
    assert.equal(parseIcmp6(buildEcho(6, ID, 1), ROUTER6), null)
    assert.equal(parseIcmp6(icmp(135, 0, Buffer.alloc(20)), ROUTER6), null)
    const quotedV4 = icmp6Error(ICMP6_TIME_EXCEEDED, 0, echoProbe6(TARGET6, ID, 1)); quotedV4[8] = 0x45
    assert.equal(parseIcmp6(quotedV4, ROUTER6), null)
  })
})

describe('parsing truncated and garbage input', () => {
  const v4Cases: Array<[string, Buffer, number]> = [
    // [what, datagram, shortest length that still parses]
    ['time exceeded (echo)', icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 1)), 20 + 8 + 20 + 8],
    ['port unreachable (UDP)', icmp4Error(ICMP4_UNREACH, 3, TARGET4, udpProbe4(TARGET4, SPORT, DPORT, 1)), 56],
    ['echo reply', echoReply4(TARGET4, ID, 1), 20 + 8]
  ]
  const v6Cases: Array<[string, Buffer, number]> = [
    ['time exceeded (echo)', icmp6Error(ICMP6_TIME_EXCEEDED, 0, echoProbe6(TARGET6, ID, 1)), 8 + 40 + 8],
    ['port unreachable (UDP)', icmp6Error(ICMP6_UNREACH, 4, udpProbe6(TARGET6, SPORT, DPORT, 1)), 56],
    ['echo reply', echoReply6(ID, 1), 8]
  ]

  it('every truncation of a valid answer parses exactly when the facts we match on are all there', () => {
    for (const [parse, cases] of [[parseIcmp4, v4Cases], [parseIcmp6, v6Cases]] as const) {
      for (const [what, datagram, shortest] of cases) {
        for (let length = 0; length <= datagram.length; length++) {
          const answer = parse(datagram.subarray(0, length), 'x')
          assert.equal(answer === null, length < shortest, `${what} cut to ${length} bytes`)
        }
      }
    }
  })

  it('random bytes never throw, and anything parsed is well-formed', () => {
    const next = prng(0x5eed)
    for (let i = 0; i < 20_000; i++) {
      const buf = Buffer.alloc(next() % 120)
      for (let j = 0; j < buf.length; j++) buf[j] = next() & 0xff
      // Half the cases look like answers, to get past the first checks into the quote.
      if (i % 2 === 1 && buf.length > 28) {
        buf[0] = 0x45
        buf[20] = [0, 3, 11][next() % 3]
        buf[28] = 0x45
      }
      assertWellFormed(parseIcmp4(buf, 'x'), 4)
      if (i % 2 === 1 && buf.length > 8) buf[0] = [1, 3, 129][next() % 3]
      if (i % 2 === 1 && buf.length > 8) buf[8] = 0x60
      assertWellFormed(parseIcmp6(buf, 'x'), 6)
    }
  })
})

function assertWellFormed (answer: IcmpAnswer | null, family: 4 | 6): void {
  if (answer === null) return
  assert.equal(answer.family, family)
  const u16 = [answer.echoId, answer.echoSeq, answer.quoted?.icmpId, answer.quoted?.icmpSeq, answer.quoted?.srcPort,
    answer.quoted?.dstPort, answer.quoted?.udpLength]
  for (const v of [answer.type, answer.code, ...u16]) {
    if (v !== undefined) assert.ok(Number.isInteger(v) && v >= 0 && v <= 0xffff, `field ${String(v)}`)
  }
  if (answer.quoted !== undefined) assert.equal(answer.quoted.dst.length, family === 4 ? 4 : 16)
}

describe('addresses', () => {
  it('IPv4 bytes, text unchanged', () => {
    assert.deepEqual(bytes(addressBytes('192.0.2.1')), [192, 0, 2, 1])
    assert.deepEqual(bytes(addressBytes('255.255.255.255')), [255, 255, 255, 255])
    assert.equal(canonicalAddress('192.0.2.1'), '192.0.2.1')
  })

  it('every spelling of an IPv6 address gives one canonical text and one byte string', () => {
    const spellings = ['2001:db8::1', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0::1', '2001:DB8::0:1']
    for (const text of spellings) {
      assert.equal(canonicalAddress(text), '2001:db8::1', text)
      assert.deepEqual(bytes(addressBytes(text)), [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], text)
    }
  })

  it('IPv6 edge spellings', () => {
    const zero = new Array<number>(16).fill(0)
    assert.deepEqual(bytes(addressBytes('::')), zero)
    assert.deepEqual(bytes(addressBytes('::1')), [...zero.slice(1), 1])
    assert.deepEqual(bytes(addressBytes('fe80::')), [0xfe, 0x80, ...zero.slice(2)])
    assert.deepEqual(bytes(addressBytes('1:2:3:4:5:6:7:8')), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8])
    assert.equal(canonicalAddress('1:0:0:2:0:0:0:3'), '1:0:0:2::3')
    assert.deepEqual(bytes(addressBytes('1:0:0:2:0:0:0:3')), [0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3])
    assert.deepEqual(bytes(addressBytes('::ffff:192.0.2.1')), [...zero.slice(0, 10), 0xff, 0xff, 192, 0, 2, 1])
  })

  it('sameBytes compares length and content; non-addresses are refused', () => {
    assert.equal(sameBytes(addressBytes('2001:db8::1'), addressBytes('2001:DB8:0::1')), true)
    assert.equal(sameBytes(addressBytes('2001:db8::1'), addressBytes('2001:db8::2')), false)
    assert.equal(sameBytes(addressBytes('0.0.0.0'), addressBytes('::')), false)
    assert.throws(() => addressBytes('example.com'), TypeError)
    assert.throws(() => addressBytes(''), TypeError)
  })
})

describe('unreachable flags', () => {
  it('maps codes as traceroute prints them', () => {
    assert.equal(unreachableFlag(4, 0), '!N')
    assert.equal(unreachableFlag(4, 1), '!H')
    assert.equal(unreachableFlag(4, 2), '!P')
    assert.equal(unreachableFlag(4, 8), '!N')
    for (const code of [9, 10, 13]) assert.equal(unreachableFlag(4, code), '!X', `code ${code}`)
    assert.equal(unreachableFlag(4, 99), '!<99>')
    assert.equal(unreachableFlag(6, 0), '!N')
    assert.equal(unreachableFlag(6, 1), '!X')
    assert.equal(unreachableFlag(6, 3), '!H')
    assert.equal(unreachableFlag(6, 5), '!<5>')
  })

  it('port unreachable is code 3 in ICMP and 4 in ICMPv6', () => {
    assert.equal(isPortUnreachable(4, 3), true)
    assert.equal(isPortUnreachable(4, 4), false)
    assert.equal(isPortUnreachable(6, 4), true)
    assert.equal(isPortUnreachable(6, 3), false)
  })
})

describe('UdpProbeSocket key encoding', () => {
  it('udpLength and keyOfLength round-trip over the whole key space, one byte per key', () => {
    assert.equal(UdpProbeSocket.udpLength(0), 8 + 12)
    for (let key = 0; key < 1024; key++) {
      assert.equal(UdpProbeSocket.keyOfLength(UdpProbeSocket.udpLength(key)), key)
      assert.equal(UdpProbeSocket.udpLength(key + 1) - UdpProbeSocket.udpLength(key), 1)
    }
  })
})

describe('traceOptions', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(traceOptions(), {
      method: 'icmp', family: undefined, firstHop: 1, maxHops: 30, queries: 3, waitMs: DEFAULT_WAIT_MS, port: 33434,
      gapLimit: 5, rounds: 0
    })
  })

  it('the default port is the method\'s: 33434 for udp (traceroute\'s base port), 80 for tcp (traceroute -T\'s)', () => {
    assert.equal(traceOptions({ method: 'udp' }).port, 33434)
    assert.equal(traceOptions({ method: 'tcp' }).port, 80)
    assert.equal(traceOptions({ method: 'tcp', port: 443 }).port, 443)
    assert.equal(traceOptions({ method: 'tcp', port: 65535 }).port, 65535)
  })

  it('accepts the bounds', () => {
    assert.equal(traceOptions({ maxHops: 1 }).maxHops, 1)
    assert.equal(traceOptions({ maxHops: 255 }).maxHops, 255)
    assert.equal(traceOptions({ queries: 10, method: 'udp' }).queries, 10)
    assert.equal(traceOptions({ rounds: 64 }).rounds, 64)
  })

  it('rejects out-of-range and ill-typed options with InvalidOptionError', () => {
    const bad: Array<Partial<Record<keyof TraceOptions, unknown>>> = [
      { maxHops: 0 }, { maxHops: 256 }, { maxHops: 1.5 }, { maxHops: NaN }, { queries: 0 }, { queries: -1 },
      { queries: 11 }, { method: 'sctp' }, { firstHop: 5, maxHops: 4 }, { family: 5 }, { waitMs: 0 }, { port: 65536 },
      { port: 0 }, { method: 'tcp', port: 65536 }, { rounds: 65 }, { rounds: -1 }, { rounds: 1.5 }
    ]
    for (const options of bad) {
      assert.throws(() => traceOptions(options as Partial<TraceOptions>), (err: unknown) => {
        assert.ok(err instanceof InvalidOptionError, JSON.stringify(options))
        assert.equal(err.code, 'ERR_INVALID_OPTION')
        return true
      })
    }
  })
})
