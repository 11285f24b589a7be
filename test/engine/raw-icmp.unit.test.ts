// The raw ICMP socket over a fake native layer: what it opens, how a send reaches the kernel (TTL, address, order,
// waiting for room), that every datagram of a read becomes an answer at its own kernel time on the engine's
// clock, and that missing privilege is NoPrivilegeError.

import assert from 'node:assert/strict'
import { NoPrivilegeError, SendError } from '../../src/engine/errors.js'
import { RAW_SOCKET_RCVBUF, SOCKET_SNDBUF } from '../../src/engine/constants.js'
import { buildEcho } from '../../src/engine/packet/icmp-echo.js'
import { ANSWER_TYPES, type IcmpAnswer } from '../../src/engine/packet/icmp-parse.js'
import { performanceTime } from '../../src/engine/socket/kernel-time.js'
import { RawIcmpSocket } from '../../src/engine/socket/raw-icmp.js'
import { echoProbe4, echoReply4, echoReply6, icmp4Error, ICMP4_TIME_EXCEEDED, ROUTER4, TARGET4, TARGET6 } from './icmp-datagrams.js'
import { errnoError, FakeSocketBinding, type FakeSocket } from './fake-socket-binding.js'

interface Sent { err: Error | null, at: number }

function opened (binding: FakeSocketBinding): FakeSocket {
  const socket = binding.sockets.at(-1)
  assert.ok(socket !== undefined, 'nothing was opened')
  return socket
}

function collect (socket: RawIcmpSocket): Array<[IcmpAnswer, number]> {
  const answers: Array<[IcmpAnswer, number]> = []
  socket.on('answer', (answer, at) => { answers.push([answer, at]) })
  return answers
}

describe('engine: raw ICMP socket over the native layer (fake)', function () {
  for (const family of [4, 6] as const) {
    it(`IPv${family}: opens one raw socket with the engine's buffer sizes, passing only the parsed ICMP types`, function () {
      const binding = new FakeSocketBinding()
      const socket = new RawIcmpSocket(family, binding)
      const fake = opened(binding)
      assert.equal(binding.sockets.length, 1)
      assert.deepEqual([fake.kind, fake.family, fake.rcvbuf, fake.sndbuf], ['icmp', family, RAW_SOCKET_RCVBUF, SOCKET_SNDBUF])
      assert.deepEqual(fake.passTypes, ANSWER_TYPES[family])
      assert.equal(socket.family, family)
    })
  }

  it('a send passes packet, address and TTL in one call; done gets the native send time on the engine clock', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    binding.sendTimes.push(1000.25, 1000.5)
    const done: Sent[] = []
    const packet = buildEcho(4, 7, 1)
    socket.send(packet, TARGET4, 3, (err, at) => { done.push({ err, at }) })
    socket.send(buildEcho(4, 7, 2), TARGET4, 4, (err, at) => { done.push({ err, at }) })
    const fake = opened(binding)
    assert.deepEqual(fake.sends.map(s => [s.addr, s.port, s.ttl]), [[TARGET4, 0, 3], [TARGET4, 0, 4]])
    assert.deepEqual(fake.sends[0].data, packet)
    assert.deepEqual(done, [{ err: null, at: performanceTime(1000.25) }, { err: null, at: performanceTime(1000.5) }])
  })

  it('every datagram of one read is an answer, in order, each at its own kernel time; unparsed ones are dropped', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    const answers = collect(socket)
    const probe = echoProbe4(TARGET4, 7, 2)
    binding.deliver(opened(binding),
      [echoReply4(TARGET4, 7, 1), Buffer.from('junk'), icmp4Error(ICMP4_TIME_EXCEEDED, 0, ROUTER4, probe)],
      [TARGET4, TARGET4, ROUTER4], [2000.125, 2000.25, 2000.375])
    assert.deepEqual(answers.map(([a, at]) => [a.kind, a.from, at]), [
      ['echo-reply', TARGET4, performanceTime(2000.125)],
      ['time-exceeded', ROUTER4, performanceTime(2000.375)]
    ])
    assert.equal(answers[1][0].quoted?.icmpSeq, 2)
  })

  it('IPv6 datagrams are read without an IP header', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(6, binding)
    const answers = collect(socket)
    binding.deliver(opened(binding), [echoReply6(9, 4)], [TARGET6], [5])
    assert.deepEqual(answers.map(([a, at]) => [a.family, a.kind, a.echoId, a.echoSeq, at]),
      [[6, 'echo-reply', 9, 4, performanceTime(5)]])
  })

  it('closing the socket from an answer stops the rest of that read', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    const answers = collect(socket)
    socket.on('answer', () => { socket.close() })
    binding.deliver(opened(binding), [echoReply4(TARGET4, 7, 1), echoReply4(TARGET4, 7, 2)], [TARGET4, TARGET4], [1, 2])
    assert.equal(answers.length, 1)
    assert.equal(opened(binding).closed, 1)
  })

  it('a socket without room: sends wait in order, awaiting writability, and go when room is back', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    const fake = opened(binding)
    const done: Array<[number, Sent]> = []
    for (const ttl of [1, 2, 3]) socket.send(buildEcho(4, 7, ttl), TARGET4, ttl, (err, at) => { done.push([ttl, { err, at }]) })
    assert.equal(fake.sends.length, 0)
    assert.equal(fake.awaitingWritable, true)
    assert.equal(done.length, 0)
    binding.sendTimes.push(10, 11)
    binding.writable(fake)
    assert.deepEqual(fake.sends.map(s => s.ttl), [1, 2])
    assert.equal(fake.awaitingWritable, true, 'the third still waits')
    binding.sendTimes.push(12)
    binding.writable(fake)
    assert.deepEqual(fake.sends.map(s => s.ttl), [1, 2, 3])
    assert.deepEqual(done.map(([ttl, s]) => [ttl, s.err, s.at]),
      [[1, null, performanceTime(10)], [2, null, performanceTime(11)], [3, null, performanceTime(12)]])
  })

  it('a send that calls back into send keeps the order of the sends', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    binding.sendTimes.push(1, 2, 3)
    const order: number[] = []
    socket.send(buildEcho(4, 7, 1), TARGET4, 1, () => {
      order.push(1)
      socket.send(buildEcho(4, 7, 3), TARGET4, 3, () => { order.push(3) })
    })
    socket.send(buildEcho(4, 7, 2), TARGET4, 2, () => { order.push(2) })
    assert.deepEqual(order, [1, 3, 2])
    assert.deepEqual(opened(binding).sends.map(s => s.ttl), [1, 3, 2])
  })

  it('a refused send is a SendError naming the address; the sends behind it still go', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    binding.sendTimes.push(errnoError('ENETUNREACH', 'sendto: Network is unreachable'), 7)
    const done: Sent[] = []
    socket.send(buildEcho(4, 7, 1), TARGET4, 1, (err, at) => { done.push({ err, at }) })
    socket.send(buildEcho(4, 7, 2), TARGET4, 2, (err, at) => { done.push({ err, at }) })
    assert.ok(done[0].err instanceof SendError)
    assert.match(done[0].err.message, /198\.51\.100\.7.*Network is unreachable/)
    assert.ok(Number.isNaN(done[0].at))
    assert.deepEqual(done[1], { err: null, at: performanceTime(7) })
  })

  for (const code of ['EPERM', 'EACCES']) {
    it(`${code} at open is NoPrivilegeError`, function () {
      const binding = new FakeSocketBinding()
      binding.openError = errnoError(code, 'socket: Operation not permitted')
      assert.throws(() => new RawIcmpSocket(4, binding), NoPrivilegeError)
    })
  }

  it('any other error at open is thrown as it is', function () {
    const binding = new FakeSocketBinding()
    const err = errnoError('EMFILE', 'socket: Too many open files')
    binding.openError = err
    assert.throws(() => new RawIcmpSocket(6, binding), (thrown) => thrown === err)
  })

  it('a read error is an error event', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    const errors: Error[] = []
    socket.on('error', (err) => { errors.push(err) })
    const err = errnoError('ENOMEM', 'recvmmsg: Cannot allocate memory')
    binding.fail(opened(binding), err)
    assert.deepEqual(errors, [err])
  })

  it('close is idempotent; sends waiting for room are answered; a send after close is a SendError', function () {
    const binding = new FakeSocketBinding()
    const socket = new RawIcmpSocket(4, binding)
    const done: Sent[] = []
    socket.send(buildEcho(4, 7, 1), TARGET4, 1, (err, at) => { done.push({ err, at }) })
    socket.close()
    socket.close()
    assert.equal(opened(binding).closed, 1)
    assert.equal(done.length, 1)
    assert.equal(done[0].err, null)
    socket.send(buildEcho(4, 7, 2), TARGET4, 2, (err, at) => { done.push({ err, at }) })
    assert.ok(done[1].err instanceof SendError)
    assert.equal(opened(binding).sends.length, 0)
  })
})
