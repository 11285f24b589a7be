// The Paris UDP flow over a fake native layer: one socket of its own per flow, whose port is the flow's, and
// probes that differ only in length (the key), start with the nonce, and carry the TTL the driver asked for.

import assert from 'node:assert/strict'
import { SOCKET_SNDBUF } from '../../src/engine/constants.js'
import { performanceTime } from '../../src/engine/socket/kernel-time.js'
import { UDP_BASE_PAYLOAD, UdpProbeSocket } from '../../src/engine/socket/udp-socket.js'
import { FakeSocketBinding } from './fake-socket-binding.js'
import { TARGET4, TARGET6 } from './icmp-datagrams.js'

const DPORT = 33_434
const NONCE = 0xdeadbeef

describe('engine: Paris UDP flow over the native layer (fake)', function () {
  for (const [family, dst] of [[4, TARGET4], [6, TARGET6]] as const) {
    it(`IPv${family}: its own UDP socket, whose bound port is the flow's local port`, async function () {
      const binding = new FakeSocketBinding()
      const a = await UdpProbeSocket.open(family, dst, DPORT, NONCE, binding)
      const b = await UdpProbeSocket.open(family, dst, DPORT, NONCE, binding)
      assert.deepEqual(binding.sockets.map(s => [s.kind, s.family, s.sndbuf]),
        [['udp', family, SOCKET_SNDBUF], ['udp', family, SOCKET_SNDBUF]])
      assert.deepEqual([a.localPort, b.localPort], binding.sockets.map(s => s.port))
      assert.notEqual(a.localPort, b.localPort)
      assert.deepEqual([a.family, a.dst, a.dstPort], [family, dst, DPORT])
    })
  }

  it('probe k: to dst:port with the TTL asked, payload UDP_BASE_PAYLOAD + k bytes starting with the nonce', async function () {
    const binding = new FakeSocketBinding()
    const flow = await UdpProbeSocket.open(4, TARGET4, DPORT, NONCE, binding)
    binding.sendTimes.push(100.5, 101.5)
    const done: Array<[Error | null, number]> = []
    flow.send(5, 0, (err, at) => { done.push([err, at]) })
    flow.send(6, 9, (err, at) => { done.push([err, at]) })
    const sends = binding.sockets[0].sends
    assert.deepEqual(sends.map(s => [s.addr, s.port, s.ttl, s.data.length]),
      [[TARGET4, DPORT, 5, UDP_BASE_PAYLOAD], [TARGET4, DPORT, 6, UDP_BASE_PAYLOAD + 9]])
    for (const s of sends) assert.equal(s.data.readUInt32BE(0), NONCE)
    assert.equal(UdpProbeSocket.keyOfLength(UdpProbeSocket.udpLength(9)), 9)
    assert.equal(UdpProbeSocket.udpLength(9), 8 + sends[1].data.length, 'the UDP length field routers quote')
    assert.deepEqual(done, [[null, performanceTime(100.5)], [null, performanceTime(101.5)]])
  })

  it('a quoted payload matches unless it shows another nonce', async function () {
    const flow = await UdpProbeSocket.open(4, TARGET4, DPORT, NONCE, new FakeSocketBinding())
    const ours = Buffer.alloc(UDP_BASE_PAYLOAD)
    ours.writeUInt32BE(NONCE)
    const theirs = Buffer.alloc(UDP_BASE_PAYLOAD)
    theirs.writeUInt32BE((NONCE ^ 1) >>> 0)
    assert.equal(flow.quotedPayloadMatches(ours), true)
    assert.equal(flow.quotedPayloadMatches(theirs), false)
    assert.equal(flow.quotedPayloadMatches(undefined), true)
    assert.equal(flow.quotedPayloadMatches(ours.subarray(0, 2)), true)
  })

  it('close closes the socket once', async function () {
    const binding = new FakeSocketBinding()
    const flow = await UdpProbeSocket.open(6, TARGET6, DPORT, NONCE, binding)
    flow.close()
    flow.close()
    assert.equal(binding.sockets[0].closed, 1)
  })
})
