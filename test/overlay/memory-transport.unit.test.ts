// The in-memory network itself: ordered asynchronous delivery, half-close, abort, kill, reachability, counting.

import assert from 'node:assert/strict'
import { MemoryNetwork, type OverlayLink, type OverlayMessage, type OverlayError } from '../../src/overlay/index.js'
import { ManualClock } from '../time/manual-clock.js'

const end = (requestId: string): OverlayMessage => ({ type: 'end', end: { requestId, failures: [] } })

/** A network a - b - c where b and c hand every inbound link to the test. */
function network (): { net: MemoryNetwork, inbound: Promise<OverlayLink> } {
  const net = new MemoryNetwork()
  for (const id of ['a', 'b', 'c']) net.addPeer(id)
  net.connect('a', 'b')
  net.connect('b', 'c')
  let accept!: (link: OverlayLink) => void
  const inbound = new Promise<OverlayLink>((resolve) => { accept = resolve })
  net.serve('b', async (link) => { accept(link) })
  net.serve('c', async () => {})
  return { net, inbound }
}

/** One turn of the event loop: whatever was already due (an immediate, a settled promise) has run after it. */
async function turn (): Promise<void> {
  await new Promise((resolve) => { setImmediate(resolve) })
}

async function drain (link: OverlayLink): Promise<{ messages: OverlayMessage[], error?: string }> {
  const messages: OverlayMessage[] = []
  try {
    for await (const message of link.messages()) messages.push(message)
  } catch (err) {
    return { messages, error: (err as OverlayError).code }
  }
  return { messages }
}

describe('overlay memory network', () => {
  it('delivers in order, asynchronously, then the close', async () => {
    const { net, inbound } = network()
    const link = await net.transport('a').open('b', new AbortController().signal)
    const remote = await inbound
    assert.equal(remote.remote, 'a')
    let delivered = false
    const reading = drain(remote).then((r) => { delivered = true; return r })
    for (const id of ['1', '2', '3']) await link.send(end(id))
    await link.close()
    assert.equal(delivered, false)
    assert.deepEqual(await reading, { messages: [end('1'), end('2'), end('3')] })
    await assert.rejects(link.send(end('4')), (err: OverlayError) => err.code === 'ERR_LINK_CLOSED')
    assert.equal(net.stats.messages, 3)
    assert.equal(net.stats.ends, 3)
  })

  it('abort resets both sides; later sends fail', async () => {
    const { net, inbound } = network()
    const link = await net.transport('a').open('b', new AbortController().signal)
    const remote = await inbound
    const remoteReading = drain(remote)
    const localReading = drain(link)
    link.abort(new Error('enough'))
    assert.deepEqual(await remoteReading, { messages: [], error: 'ERR_LINK_RESET' })
    assert.equal((await localReading).messages.length, 0)
    await assert.rejects(remote.send(end('x')), (err: OverlayError) => err.code === 'ERR_LINK_RESET')
    assert.equal(net.openLinks(), 0)
  })

  it('kill breaks every link of the peer at once and makes it unreachable', async () => {
    const { net, inbound } = network()
    const link = await net.transport('a').open('b', new AbortController().signal)
    const toC = await net.transport('b').open('c', new AbortController().signal)
    const readings = [drain(link), drain(toC), drain(await inbound)]
    net.kill('b')
    for (const reading of readings) assert.equal((await reading).error, 'ERR_LINK_RESET')
    assert.deepEqual(net.neighbours('a'), [])
    assert.deepEqual(net.neighbours('b'), [])
    assert.equal(net.isAlive('b'), false)
    await assert.rejects(net.transport('a').open('b', new AbortController().signal), (err: OverlayError) => err.code === 'ERR_UNREACHABLE')
    await assert.rejects(net.transport('b').open('c', new AbortController().signal), (err: OverlayError) => err.code === 'ERR_UNREACHABLE')
  })

  it('opens links to any live peer that serves a handler (a dial by id), and honours the signal', async () => {
    const { net } = network()
    assert.ok(!net.neighbours('a').includes('c'))
    const direct = await net.transport('a').open('c', new AbortController().signal)
    direct.abort(new Error('done'))
    net.kill('c')
    await assert.rejects(net.transport('a').open('c', new AbortController().signal), (err: OverlayError) => err.code === 'ERR_UNREACHABLE')
    net.addPeer('d')
    net.connect('a', 'd')
    await assert.rejects(net.transport('a').open('d', new AbortController().signal), (err: OverlayError) => err.code === 'ERR_UNREACHABLE')
    const aborted = new AbortController()
    aborted.abort(new Error('no'))
    await assert.rejects(net.transport('a').open('b', aborted.signal), /no/)
  })

  it('delays delivery by the link delay, on the network\'s clock', async () => {
    const clock = new ManualClock()
    const net = new MemoryNetwork({ delayMs: 20, clock })
    net.addPeer('a')
    net.addPeer('b')
    net.connect('a', 'b')
    let accept!: (link: OverlayLink) => void
    const inbound = new Promise<OverlayLink>((resolve) => { accept = resolve })
    net.serve('b', async (link) => { accept(link) })
    const opening = net.transport('a').open('b', new AbortController().signal)
    // One delay for the dial: nothing before it, the link at it.
    clock.advance(19)
    await turn()
    assert.equal(clock.pending, 1, 'the dial waits')
    clock.advance(1)
    const link = await opening
    const remote = await inbound
    const arrivals: Array<{ message: OverlayMessage, at: number }> = []
    const reading = (async () => {
      for await (const message of remote.messages()) arrivals.push({ message, at: clock.now() })
    })()
    await link.send(end('1'))
    await link.close()
    // One more for the message and the close.
    clock.advance(19)
    await turn()
    assert.deepEqual(arrivals, [])
    clock.advance(1)
    await reading
    assert.deepEqual(arrivals, [{ message: end('1'), at: clock.start + 40 }])
    assert.equal(net.stats.messages, 1)
  })
})
