// An in-memory network for the flood: peers, connections, links as pairs of asynchronous message queues, and
// kill() to make a peer die mid-trace. Tests and the simulation run the real FloodService over it.

import { logger } from '@libp2p/logger'
import { pushable, type Pushable } from 'it-pushable'
import { systemClock, type Clock } from '../time/clock.js'
import { OverlayError, describeError } from './errors.js'
import type { OverlayLink, OverlayMessage, OverlayTransport } from './types.js'

const log = logger('peertrace:overlay:memory')

export interface MemoryNetworkInit {
  /** Delivery delay per message and per dial (ms); 0 delivers on the next turn of the event loop. */
  delayMs?: number
  /** Times the delay (default: the system clock). */
  clock?: Clock
}

/** What serves inbound links on a peer (a FloodService's handle). */
export type LinkHandler = (link: OverlayLink) => Promise<void>

export interface MemoryNetworkStats {
  /** Messages sent over every link, and by type. */
  messages: number
  requests: number
  results: number
  ends: number
  /** `asked` messages: who a relay forwarded to, on their way to the requester. */
  asked: number
  linksOpened: number
}

/**
 * One direction's inbound queue: messages in order, then an end, or an error that discards what is unread (also
 * after the end, as a stream reset does), which it-pushable's end(err) alone would not once the queue has ended.
 */
class Inbox implements AsyncIterable<OverlayMessage> {
  private readonly queue: Pushable<OverlayMessage> = pushable({ objectMode: true })
  private error: Error | undefined

  push (message: OverlayMessage): void {
    this.queue.push(message)
  }

  end (): void {
    this.queue.end()
  }

  fail (err: Error): void {
    this.error ??= err
    this.queue.end(err)
  }

  async * [Symbol.asyncIterator] (): AsyncGenerator<OverlayMessage> {
    while (true) {
      const next = await this.queue.next()
      if (this.error !== undefined) throw this.error
      if (next.done === true) return
      yield next.value
    }
  }
}

/** Both ends of one link, and its state: open, half-closed, closed or broken. */
class LinkPair {
  readonly ends: [MemoryLink, MemoryLink]
  broken: Error | undefined
  private closed = 0
  private readonly network: MemoryNetwork

  constructor (network: MemoryNetwork, from: string, to: string) {
    this.network = network
    const a = new MemoryLink(this, from, to)
    const b = new MemoryLink(this, to, from)
    a.other = b
    b.other = a
    this.ends = [a, b]
  }

  deliver (fn: () => void): void {
    this.network.schedule(fn)
  }

  count (message: OverlayMessage): void {
    this.network.count(message)
  }

  closedOne (): void {
    if (++this.closed === 2) this.network.forget(this)
  }

  /** Tears the link down: `local` (if any) sees `err`, the other side a reset. */
  break (err: Error, local?: MemoryLink): void {
    if (this.broken !== undefined) return
    this.broken = err
    for (const end of this.ends) {
      end.inbox.fail(end === local ? err : new OverlayError('ERR_LINK_RESET', `link reset: ${err.message}`, { cause: err }))
    }
    this.network.forget(this)
  }
}

class MemoryLink implements OverlayLink {
  readonly local: string
  readonly remote: string
  readonly inbox = new Inbox()
  other!: MemoryLink
  private readonly pair: LinkPair
  private sendClosed = false

  constructor (pair: LinkPair, local: string, remote: string) {
    this.pair = pair
    this.local = local
    this.remote = remote
  }

  async send (message: OverlayMessage): Promise<void> {
    if (this.pair.broken !== undefined) throw new OverlayError('ERR_LINK_RESET', `link to ${this.remote} is down`)
    if (this.sendClosed) throw new OverlayError('ERR_LINK_CLOSED', `link to ${this.remote} is closed for sending`)
    this.pair.count(message)
    this.pair.deliver(() => { this.other.inbox.push(message) })
  }

  messages (): AsyncIterable<OverlayMessage> {
    return this.inbox
  }

  async close (): Promise<void> {
    if (this.sendClosed || this.pair.broken !== undefined) return
    this.sendClosed = true
    this.pair.deliver(() => { this.other.inbox.end() })
    this.pair.closedOne()
  }

  abort (err: Error): void {
    this.pair.break(err, this)
  }
}

interface PeerState {
  alive: boolean
  /** Only its neighbours can open links to it (a peer behind a NAT whose address nobody else knows). */
  hidden: boolean
  neighbours: Set<string>
  links: Set<LinkPair>
  handler?: LinkHandler
  transport: OverlayTransport
}

export class MemoryNetwork {
  readonly stats: MemoryNetworkStats = { messages: 0, requests: 0, results: 0, ends: 0, asked: 0, linksOpened: 0 }
  private readonly peersById = new Map<string, PeerState>()
  private readonly delayMs: number
  private readonly clock: Clock

  constructor (init: MemoryNetworkInit = {}) {
    this.delayMs = init.delayMs ?? 0
    this.clock = init.clock ?? systemClock
  }

  /** Adds a live peer with no connections yet and returns its transport. */
  addPeer (id: string): OverlayTransport {
    if (this.peersById.has(id)) throw new OverlayError('ERR_INVALID_INIT', `peer ${id} exists already`)
    const transport: OverlayTransport = {
      self: id,
      neighbours: () => this.neighbours(id),
      open: async (peer, signal) => await this.open(id, peer, signal),
      dialable: async (peer) => this.dialable(id, peer)
    }
    this.peersById.set(id, { alive: true, hidden: false, neighbours: new Set(), links: new Set(), transport })
    return transport
  }

  transport (id: string): OverlayTransport {
    return this.state(id).transport
  }

  /** Routes links opened to `id` to `handler`. */
  serve (id: string, handler: LinkHandler): void {
    this.state(id).handler = handler
  }

  connect (a: string, b: string): void {
    if (a === b) throw new OverlayError('ERR_INVALID_INIT', `cannot connect ${a} to itself`)
    this.state(a).neighbours.add(b)
    this.state(b).neighbours.add(a)
  }

  /** Breaks every link of the peer at once and makes it unreachable for good. */
  kill (id: string): void {
    const peer = this.state(id)
    peer.alive = false
    peer.handler = undefined
    for (const pair of [...peer.links]) pair.break(new OverlayError('ERR_LINK_RESET', `${id} died`))
  }

  /** From now on only the peer's neighbours can open links to it (the others know no address of it). */
  hide (id: string): void {
    this.state(id).hidden = true
  }

  isAlive (id: string): boolean {
    return this.peersById.get(id)?.alive === true
  }

  peers (): string[] {
    return [...this.peersById.keys()]
  }

  /** The live peers `id` is connected to (none once it is dead). */
  neighbours (id: string): string[] {
    const peer = this.state(id)
    if (!peer.alive) return []
    return [...peer.neighbours].filter((other) => this.isAlive(other))
  }

  /** Links not yet closed by both sides nor broken (a leak check for tests). */
  openLinks (): number {
    const pairs = new Set<LinkPair>()
    for (const peer of this.peersById.values()) for (const pair of peer.links) pairs.add(pair)
    return pairs.size
  }

  resetStats (): void {
    Object.assign(this.stats, { messages: 0, requests: 0, results: 0, ends: 0, asked: 0, linksOpened: 0 })
  }

  /** @internal */
  schedule (fn: () => void): void {
    if (this.delayMs > 0) this.clock.setTimer(fn, this.delayMs)
    else setImmediate(fn)
  }

  /** @internal */
  count (message: OverlayMessage): void {
    this.stats.messages++
    if (message.type === 'request') this.stats.requests++
    else if (message.type === 'result') this.stats.results++
    else if (message.type === 'asked') this.stats.asked++
    else this.stats.ends++
  }

  /** @internal */
  forget (pair: LinkPair): void {
    for (const end of pair.ends) this.peersById.get(end.local)?.links.delete(pair)
  }

  private async open (from: string, to: string, signal: AbortSignal): Promise<OverlayLink> {
    // A dial takes a turn of the event loop (or the link delay), like any network operation.
    await new Promise<void>((resolve) => { this.schedule(resolve) })
    signal.throwIfAborted()
    const local = this.state(from)
    const remote = this.peersById.get(to)
    if (!local.alive) throw new OverlayError('ERR_UNREACHABLE', `${from} is dead`)
    // Like a libp2p dial by peer id, any live peer can be reached (a hidden one by its neighbours only); neighbours
    // are who a flood is forwarded to.
    if (!this.dialable(from, to)) throw new OverlayError('ERR_UNREACHABLE', `${to} is not reachable from ${from}`)
    if (remote === undefined) throw new OverlayError('ERR_UNREACHABLE', `no peer ${to} in this network`)
    const handler = remote.handler
    if (handler === undefined) throw new OverlayError('ERR_UNREACHABLE', `${to} serves no flood handler`)
    const pair = new LinkPair(this, from, to)
    local.links.add(pair)
    remote.links.add(pair)
    this.stats.linksOpened++
    handler(pair.ends[1]).catch((err) => { log.error('handler of %s failed: %s', to, describeError(err)) })
    return pair.ends[0]
  }

  private dialable (from: string, to: string): boolean {
    const remote = this.peersById.get(to)
    return remote?.alive === true && (!remote.hidden || remote.neighbours.has(from))
  }

  private state (id: string): PeerState {
    const peer = this.peersById.get(id)
    if (peer === undefined) throw new OverlayError('ERR_UNREACHABLE', `no peer ${id} in this network`)
    return peer
  }
}
