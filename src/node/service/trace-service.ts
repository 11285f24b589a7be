// The trace protocol as a libp2p service: registers /peertrace/trace/1.0.0, turns each inbound stream into an
// OverlayLink for the flood service, and gives the flood a transport whose neighbours are this node's overlay
// connections (from the membership service) and whose links are new streams.

import type { ComponentLogger, Logger, PeerId, PeerStore, Startable } from '@libp2p/interface'
import type { AddressManager, ConnectionManager, Registrar } from '@libp2p/interface-internal'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { DEFAULT_MAX_CONCURRENT_FLOODS, FloodService, type FloodServiceInit } from '../../overlay/index.js'
import type { Authenticator, FloodRecorder, LocalProber, OverlayTransport, TraceRequest } from '../../overlay/types.js'
import { TRACE_PROTOCOL } from '../../protocol/index.js'
import type { Clock } from '../../time/clock.js'
import type { Membership } from '../membership/membership.js'
import type { Reachability } from '../membership/reachability.js'
import type { Admission } from '../policy/admission.js'
import { streamLink } from '../stream-link.js'
import { StreamSlots } from '../stream-slots.js'
import { MAX_TRACE_STREAMS_PER_CONNECTION } from '../constants.js'
import { FloodShares, groupedAddress } from '../policy/flood-shares.js'


export interface TraceServiceInit {
  name: string
  /** The operator's rate limits on new floods (per origin, per neighbour). */
  admission?: Admission
  prober: LocalProber
  authenticator: Authenticator
  flood?: FloodServiceInit
  /** Floods of one requester (origin, client connection) served at once (default: FloodShares' shares of the slots). */
  tracesPerRequesterAtOnce?: number
  /** Trace streams accepted per connection (default MAX_TRACE_STREAMS_PER_CONNECTION); past it libp2p resets. */
  maxInboundStreams?: number
  /** Trace streams opened per peer at once (default the same); past it an open waits for one to close. */
  maxOutboundStreams?: number
  /**
   * Records the floods this node is the entry of (the history), told the IP address the requester's direct
   * connection comes from (undefined over a relay, or none).
   */
  record?: (request: TraceRequest, clientAddress: string | undefined) => FloodRecorder | undefined
  /** The flood's clock (default: the system clock). */
  clock?: Clock
  /** Orders the neighbours forwarded to when there are more than the fan-out (default: Math.random). */
  random?: () => number
  /**
   * Whether a client (a requester's own connection, by its peer id and the IP address it comes from) is this node's
   * operator, whose floods are kept room for among the clients' (flood-shares.ts); default: none is.
   */
  operator?: (peer: string, address: string | undefined) => boolean
  /** Whether this node probes for a request (its selector names it); default: always. */
  selects?: (request: TraceRequest) => boolean
  /** Told of each request this node accepted to serve, and who sent it (the node's log line). */
  served?: (request: TraceRequest, from: string) => void
}

export interface TraceServiceComponents {
  peerId: PeerId
  registrar: Registrar
  connectionManager: ConnectionManager
  logger: ComponentLogger
  peerStore: PeerStore
  addressManager: AddressManager
  membership: Membership
  reachability: Reachability
}

export class TraceService implements Startable {
  readonly flood: FloodService
  private readonly components: TraceServiceComponents
  private readonly init: TraceServiceInit
  private readonly log: Logger
  private started = false
  private readonly slots: StreamSlots

  constructor (components: TraceServiceComponents, init: TraceServiceInit) {
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('peertrace:trace-service')
    const slots = this.slots = new StreamSlots(init.maxOutboundStreams ?? MAX_TRACE_STREAMS_PER_CONNECTION)
    const transport: OverlayTransport = {
      self: components.peerId.toString(),
      neighbours: () => components.membership.neighbours(),
      open: async (peer, signal, addrs) => {
        const id = peerIdFromString(peer)
        const stamped = (addrs ?? []).flatMap(parseMultiaddr)
        // A rejoin to an entry peer we may hold no connection to: the addresses it stamped into the request (a
        // NAT'd entry stamps only relayed ones), dialled as they are, not whatever else the peer store holds.
        const held = components.connectionManager.getConnections(id)
        const connection = held.find(c => c.limits === undefined) ?? held[0] ??
          (stamped.length > 0 ? await components.connectionManager.openConnection(stamped, { signal }) : undefined)
        // Queued past the limit rather than reset by the neighbour's: a busy link waits for a stream to close.
        const stream = await slots.open(peer, async (slotSignal) => connection === undefined
          ? await components.connectionManager.openStream(id, TRACE_PROTOCOL, { signal: slotSignal, runOnLimitedConnection: true })
          : await connection.newStream(TRACE_PROTOCOL, { signal: slotSignal, runOnLimitedConnection: true }), signal)
        return streamLink(stream, peer, undefined, this.heard(peer))
      },
      addresses: () => components.reachability.reachableAddresses().map(a => a.toString()),
      // A chosen vantage point the entry sends a request straight to: connected, or an address to dial it by (the
      // membership stores every peer it learns of in the peer store).
      dialable: async (peer) => {
        try {
          const id = peerIdFromString(peer)
          if (components.connectionManager.getConnections(id).length > 0) return true
          return (await components.peerStore.get(id)).addresses.length > 0
        } catch {
          return false
        }
      }
    }
    const admission = init.admission
    const shares = new FloodShares({
      slots: init.flood?.maxConcurrentFloods ?? DEFAULT_MAX_CONCURRENT_FLOODS, perRequester: init.tracesPerRequesterAtOnce
    })
    this.flood = new FloodService({
      transport,
      prober: init.prober,
      authenticator: init.authenticator,
      name: init.name,
      // Fair shares first (they take nothing until the flood is admitted), then the per-minute rates.
      admit: (request, from) => {
        const client = !components.membership.neighbours().includes(from)
        const address = remoteAddress(components.connectionManager, from)
        const holders = {
          origin: request.origin,
          neighbour: from,
          client,
          address,
          operator: client && init.operator?.(from, address) === true
        }
        const refusal = shares.refusal(holders) ??
          admission?.admitFlood(request.origin, from, holders.client ? groupedAddress(holders.address) : undefined)
        if (refusal === undefined) shares.take(request.id, holders)
        return refusal
      },
      release: (request) => { shares.release(request.id) },
      record: init.record === undefined
        ? undefined
        : (request) => init.record?.(request, remoteAddress(components.connectionManager, request.origin, true)),
      selects: init.selects,
      served: init.served,
      clock: init.clock,
      random: init.random
    }, init.flood)
  }

  readonly [Symbol.toStringTag] = 'peertrace/trace'

  /** What a link to `peer` calls when the peer's bytes arrive: membership takes them as proof of life. */
  private heard (peer: string): () => void {
    return () => { this.components.membership.heard(peer) }
  }

  async start (): Promise<void> {
    await this.flood.start()
    await this.components.registrar.handle(TRACE_PROTOCOL, async (stream, connection) => {
      const remote = connection.remotePeer.toString()
      try {
        await this.flood.handle(streamLink(stream, remote, undefined, this.heard(remote)))
      } catch (err) {
        this.log('trace stream from %s failed: %s', remote, (err as Error).message)
        stream.abort(err as Error)
      }
    }, {
      maxInboundStreams: this.init.maxInboundStreams ?? MAX_TRACE_STREAMS_PER_CONNECTION,
      // libp2p's own check: the slots let no more through.
      maxOutboundStreams: this.slots.limit,
      // An orphan's rejoin at a NAT'd entry arrives over a relayed connection.
      runOnLimitedConnection: true
    })
    this.started = true
  }

  async stop (): Promise<void> {
    await this.components.registrar.unhandle(TRACE_PROTOCOL)
    await this.flood.stop()
    this.started = false
  }

  isStarted (): boolean {
    return this.started
  }
}

export function traceService (init: TraceServiceInit): (components: TraceServiceComponents) => TraceService {
  return (components) => new TraceService(components, init)
}

/**
 * The IP address `peer`'s connection comes from (a direct one before a relayed one), when connected; with
 * `directOnly`, only a direct one's (a relayed connection's address is the relay's).
 */
function remoteAddress (connections: ConnectionManager, peer: string, directOnly = false): string | undefined {
  let held
  try {
    held = connections.getConnections(peerIdFromString(peer))
  } catch {
    return undefined
  }
  const connection = held.find(c => c.limits === undefined) ?? (directOnly ? undefined : held[0])
  return connection?.remoteAddr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
}

function parseMultiaddr (text: string): Multiaddr[] {
  try {
    return [multiaddr(text)]
  } catch {
    return []
  }
}
