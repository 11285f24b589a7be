// The method classifiers on parsed hand-built answers: which probe an answer belongs to and what it means (a hop,
// the destination, a refusing router), and which answers are someone else's. Sockets are stand-ins.

import assert from 'node:assert/strict'
import { IcmpEchoFlow } from '../../src/engine/method/paris-icmp.js'
import { ParisUdpFlow } from '../../src/engine/method/paris-udp.js'
import { addressBytes } from '../../src/engine/packet/address.js'
import { buildEcho } from '../../src/engine/packet/icmp-echo.js'
import { parseIcmp4, parseIcmp6, type IcmpAnswer } from '../../src/engine/packet/icmp-parse.js'
import type { RawIcmpSocket } from '../../src/engine/socket/raw-icmp.js'
import type { UdpProbeSocket } from '../../src/engine/socket/udp-socket.js'
import {
  echoProbe4, echoProbe6, echoReply4, echoReply6, icmp4Error, icmp6Error, ICMP4_TIME_EXCEEDED, ICMP4_UNREACH,
  ICMP6_TIME_EXCEEDED, ICMP6_UNREACH, ROUTER4, ROUTER6, TARGET4, TARGET6, udpProbe4, udpProbe6
} from './icmp-datagrams.js'

const ID = 0x4d2
const SPORT = 40_001
const DPORT = 33_434
const OTHER4 = '198.51.100.99'
/** buildEcho's default nonce, which the datagram helpers use. */
const NONCE = 0

function parsed4 (datagram: Buffer, from: string): IcmpAnswer {
  const answer = parseIcmp4(datagram, from)
  assert.ok(answer !== null, 'the test datagram did not parse')
  return answer
}

function parsed6 (message: Buffer, from: string): IcmpAnswer {
  const answer = parseIcmp6(message, from)
  assert.ok(answer !== null, 'the test message did not parse')
  return answer
}

interface SentEcho { packet: Buffer, addr: string, ttl: number }

/** The raw socket as IcmpEchoFlow uses it: a family, and send() (recorded here). */
function fakeSocket (family: 4 | 6, sent: SentEcho[] = []): RawIcmpSocket {
  return {
    family,
    send: (packet: Buffer, addr: string, ttl: number, done: (err: Error | null, at: number) => void) => {
      sent.push({ packet, addr, ttl })
      done(null, 0)
    }
  } as unknown as RawIcmpSocket
}

function echoFlow (family: 4 | 6, target: string, sent?: SentEcho[]): IcmpEchoFlow {
  return new IcmpEchoFlow(fakeSocket(family, sent), target, addressBytes(target), ID, NONCE)
}

/** The UdpProbeSocket as ParisUdpFlow uses it: its 5-tuple. */
function udpSocket (family: 4 | 6, target: string): ParisUdpFlow {
  const flow = {
    family, dst: target, dstPort: DPORT, localPort: SPORT, close: () => {}, quotedPayloadMatches: () => true
  } as unknown as UdpProbeSocket
  return new ParisUdpFlow(flow, addressBytes(target))
}

describe('IcmpEchoFlow.classify', () => {
  const flow = echoFlow(4, TARGET4)

  it('time exceeded quoting our probe: that probe\'s key, a hop', () => {
    const answer = parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 517)), ROUTER4)
    assert.deepEqual(flow.classify(answer), { key: 517, answer: { from: ROUTER4, cls: 'hop' } })
  })

  it('unreachable quoting our probe: a refusing router with traceroute\'s flag', () => {
    for (const [code, flag] of [[1, '!H'], [0, '!N'], [13, '!X']] as const) {
      const answer = parsed4(icmp4Error(ICMP4_UNREACH, code, ROUTER4, echoProbe4(TARGET4, ID, 9)), ROUTER4)
      assert.deepEqual(flow.classify(answer), { key: 9, answer: { from: ROUTER4, cls: 'stop', flag } })
    }
  })

  it('echo reply with our identifier and tag: the destination', () => {
    const answer = parsed4(echoReply4(TARGET4, ID, 0xffff), TARGET4)
    assert.deepEqual(flow.classify(answer), { key: 0xffff, answer: { from: TARGET4, cls: 'dest' } })
  })

  it('echo replies of another process are not ours: other identifier, or no tag', () => {
    assert.equal(flow.classify(parsed4(echoReply4(TARGET4, ID + 1, 3), TARGET4)), null)
    const ping = Buffer.from('abcdefghijklmnopqrstuvwx')
    assert.equal(flow.classify(parsed4(echoReply4(TARGET4, ID, 3, ping), TARGET4)), null)
    assert.equal(flow.classify(parsed4(echoReply4(TARGET4, ID, 3, new Uint8Array(0)), TARGET4)), null)
  })

  it('an echo reply from anyone but the target is not ours, even with our identifier and tag', () => {
    assert.equal(flow.classify(parsed4(echoReply4(ROUTER4, ID, 3), ROUTER4)), null)
  })

  it('answers carrying another trace\'s nonce are not ours: echo reply, and an error quoting the whole probe', () => {
    const other = new IcmpEchoFlow(fakeSocket(4), TARGET4, addressBytes(TARGET4), ID, 0x5eed)
    assert.equal(other.classify(parsed4(echoReply4(TARGET4, ID, 3), TARGET4)), null)
    assert.equal(other.classify(parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 5)), ROUTER4)), null)
    // A router that quotes only the 8-byte header cannot show the nonce: the answer is taken on id and sequence.
    const short = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID, 5), 28)
    assert.deepEqual(other.classify(parsed4(short, ROUTER4)), { key: 5, answer: { from: ROUTER4, cls: 'hop' } })
  })

  it('the target refusing the echo with port unreachable is a refusal, flagged as traceroute -I flags it (!<3>)', () => {
    const answer = parsed4(icmp4Error(ICMP4_UNREACH, 3, TARGET4, echoProbe4(TARGET4, ID, 8)), TARGET4)
    assert.deepEqual(flow.classify(answer), { key: 8, answer: { from: TARGET4, cls: 'stop', flag: '!<3>' } })
  })

  it('errors about other probes are not ours: other destination, identifier or protocol', () => {
    const otherDst = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(OTHER4, ID, 5))
    assert.equal(flow.classify(parsed4(otherDst, ROUTER4)), null)
    const otherId = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, echoProbe4(TARGET4, ID ^ 0x8000, 5))
    assert.equal(flow.classify(parsed4(otherId, ROUTER4)), null)
    const udpQuote = icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, udpProbe4(TARGET4, SPORT, DPORT, 5))
    assert.equal(flow.classify(parsed4(udpQuote, ROUTER4)), null)
  })

  it('IPv6: matches the target however it was spelled; hop, refusal and echo reply', () => {
    const flow6 = echoFlow(6, '2001:DB8:FFFF:0:0::7')
    const hop = parsed6(icmp6Error(ICMP6_TIME_EXCEEDED, 0, echoProbe6(TARGET6, ID, 300)), ROUTER6)
    assert.deepEqual(flow6.classify(hop), { key: 300, answer: { from: ROUTER6, cls: 'hop' } })
    const refused = parsed6(icmp6Error(ICMP6_UNREACH, 3, echoProbe6(TARGET6, ID, 301)), ROUTER6)
    assert.deepEqual(flow6.classify(refused), { key: 301, answer: { from: ROUTER6, cls: 'stop', flag: '!H' } })
    const reply = parsed6(echoReply6(ID, 302), TARGET6)
    assert.deepEqual(flow6.classify(reply), { key: 302, answer: { from: TARGET6, cls: 'dest' } })
    const elsewhere = parsed6(icmp6Error(ICMP6_TIME_EXCEEDED, 0, echoProbe6('2001:db8:ffff::8', ID, 303)), ROUTER6)
    assert.equal(flow6.classify(elsewhere), null)
  })

  it('sends the Paris echo probe for the key to the target with the TTL, on the flow key of its identifier', () => {
    const sent: SentEcho[] = []
    const sender = echoFlow(4, TARGET4, sent)
    sender.send(7, 1234, () => {})
    assert.deepEqual(sent, [{ packet: buildEcho(4, ID, 1234), addr: TARGET4, ttl: 7 }])
    assert.equal(sender.flowKey, IcmpEchoFlow.flowKeyOf(4, ID))
    assert.notEqual(IcmpEchoFlow.flowKeyOf(4, ID), IcmpEchoFlow.flowKeyOf(6, ID))
  })
})

describe('ParisUdpFlow.classify', () => {
  const flow = udpSocket(4, TARGET4)

  it('time exceeded quoting our probe: the key from the UDP length, a hop', () => {
    const answer = parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, udpProbe4(TARGET4, SPORT, DPORT, 7)), ROUTER4)
    assert.deepEqual(flow.classify(answer), { key: 7, answer: { from: ROUTER4, cls: 'hop' } })
  })

  it('port unreachable from the target: the destination', () => {
    const answer = parsed4(icmp4Error(ICMP4_UNREACH, 3, TARGET4, udpProbe4(TARGET4, SPORT, DPORT, 0)), TARGET4)
    assert.deepEqual(flow.classify(answer), { key: 0, answer: { from: TARGET4, cls: 'dest' } })
  })

  it('port unreachable from anyone else: a stop, not the destination', () => {
    const answer = parsed4(icmp4Error(ICMP4_UNREACH, 3, ROUTER4, udpProbe4(TARGET4, SPORT, DPORT, 11)), ROUTER4)
    // No traceroute flag exists for a port unreachable; the code is printed as traceroute does for unknown codes.
    assert.deepEqual(flow.classify(answer), { key: 11, answer: { from: ROUTER4, cls: 'stop', flag: '!<3>' } })
  })

  it('other unreachables, even from the target, are a refusal with their flag', () => {
    for (const [from, code, flag] of [[ROUTER4, 1, '!H'], [ROUTER4, 13, '!X'], [TARGET4, 2, '!P']] as const) {
      const answer = parsed4(icmp4Error(ICMP4_UNREACH, code, from, udpProbe4(TARGET4, SPORT, DPORT, 4)), from)
      assert.deepEqual(flow.classify(answer), { key: 4, answer: { from, cls: 'stop', flag } })
    }
  })

  it('errors about other flows are not ours: source port, destination port, destination, protocol', () => {
    const cases = [
      udpProbe4(TARGET4, SPORT + 1, DPORT, 1),
      udpProbe4(TARGET4, SPORT, DPORT + 1, 1),
      udpProbe4(OTHER4, SPORT, DPORT, 1),
      echoProbe4(TARGET4, SPORT, 1)
    ]
    for (const probe of cases) {
      assert.equal(flow.classify(parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, probe), ROUTER4)), null)
    }
    assert.equal(flow.classify(parsed4(echoReply4(TARGET4, ID, 1), TARGET4)), null)
  })

  it('a UDP length outside the key space is no probe of ours', () => {
    for (const key of [-1, -12, flow.keySpace]) {
      const probe = udpProbe4(TARGET4, SPORT, DPORT, key)
      const answer = parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, probe, 28), ROUTER4)
      assert.equal(flow.classify(answer), null, `key ${key}`)
    }
    const lastProbe = udpProbe4(TARGET4, SPORT, DPORT, flow.keySpace - 1)
    const last = parsed4(icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, lastProbe), ROUTER4)
    assert.equal(flow.classify(last)?.key, flow.keySpace - 1)
  })

  it('IPv6: hop, port unreachable from the target (code 4) and from elsewhere', () => {
    const flow6 = udpSocket(6, TARGET6)
    const hop = parsed6(icmp6Error(ICMP6_TIME_EXCEEDED, 0, udpProbe6(TARGET6, SPORT, DPORT, 12)), ROUTER6)
    assert.deepEqual(flow6.classify(hop), { key: 12, answer: { from: ROUTER6, cls: 'hop' } })
    const dest = parsed6(icmp6Error(ICMP6_UNREACH, 4, udpProbe6(TARGET6, SPORT, DPORT, 13)), TARGET6)
    assert.deepEqual(flow6.classify(dest), { key: 13, answer: { from: TARGET6, cls: 'dest' } })
    const elsewhere = parsed6(icmp6Error(ICMP6_UNREACH, 4, udpProbe6(TARGET6, SPORT, DPORT, 14)), ROUTER6)
    assert.deepEqual(flow6.classify(elsewhere), { key: 14, answer: { from: ROUTER6, cls: 'stop', flag: '!<4>' } })
    const noRoute = parsed6(icmp6Error(ICMP6_UNREACH, 0, udpProbe6(TARGET6, SPORT, DPORT, 15)), ROUTER6)
    assert.deepEqual(flow6.classify(noRoute), { key: 15, answer: { from: ROUTER6, cls: 'stop', flag: '!N' } })
  })
})
