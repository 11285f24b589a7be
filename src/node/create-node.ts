// Builds a peertrace node: libp2p over TCP with noise and yamux, identify and ping, the membership service that
// keeps it in the overlay, and the trace service. Also the minimal client node `peertrace trace` uses.

import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { autoNAT } from '@libp2p/autonat'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify, identifyPush } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import { preSharedKey } from '@libp2p/pnet'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { FloodServiceInit } from '../overlay/index.js'
import type { FloodRecorder, LocalProber, TraceRequest } from '../overlay/types.js'
import { KeyAuthenticator } from '../protocol/index.js'
import { systemClock, type Clock } from '../time/clock.js'
import { membership, type Membership, type MembershipInit } from './membership/membership.js'
import { traceService, type TraceService } from './service/trace-service.js'
import {
  DEFAULT_INBOUND_CONNECTIONS_PER_HOST_PER_SECOND, DEFAULT_MAX_CONNECTIONS, IDENTIFY_TIMEOUT_MS, IDLE_CONNECTION_MS,
  CLIENT_ADDRESS_DIAL_TIMEOUT_MS, INBOUND_UPGRADE_TIMEOUT_MS, MAX_CONNECTIONS_PER_HOST, MAX_DIAL_QUEUE_LENGTH, MAX_PARALLEL_DIALS, MAX_PENDING_HANDSHAKES,
  MAX_PENDING_HANDSHAKES_PER_HOST, MAX_STREAM_WINDOW_BYTES, RELAY_DATA_LIMIT_BYTES, RELAY_DURATION_LIMIT_MS, RELAY_MAX_RESERVATIONS
} from './constants.js'
import { hostConnectionLimits } from './host-connection-limits.js'
import { idleConnections, type IdleConnections } from './idle-connections.js'
import { reachability, type Reachability } from './membership/reachability.js'
import { allowPeersGater } from './membership/peer-gater.js'
import type { Admission } from './policy/admission.js'
import type { HistoryStore } from '../history/store.js'
import { historyRecorder } from '../history/recorder.js'
import { bothRecorders, traceLogRecorder, type TraceLogEvent } from './service/trace-log.js'
import { historyService, type HistoryService } from './service/history-service.js'
import { HistoryAccessRule } from './policy/history-access.js'
import { isLibp2pListenError, listenError, tcpHostPort } from './listen-failure.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { selectsVantage } from '../model/selector.js'
import type { VantageLabels } from '../model/vantage-description.js'
import { describeService, type DescribeService } from './service/describe-service.js'

export interface PeertraceNodeInit {
  privateKey: PrivateKey
  listen: string[]
  name: string
  prober: LocalProber
  bootstrap?: Multiaddr[]
  membership?: Omit<MembershipInit, 'bootstrap'>
  flood?: FloodServiceInit
  /** Orders the neighbours a flood goes to when there are more than its fan-out: a float in [0, 1) (default: Math.random). */
  floodRandom?: () => number
  /** Floods of one requester (origin, client connection) served at once (default: shares of flood.maxConcurrentFloods, policy/flood-shares.ts). */
  tracesPerRequesterAtOnce?: number
  maxConnections?: number
  /** How long an inbound connection that is not a neighbour may carry no stream before it is closed (ms). */
  idleConnectionMs?: number
  /** Private overlay: the pre-shared key every member holds. */
  swarmKey?: Uint8Array
  /** Only these peer ids may connect; empty: anyone (with the swarm key, if any). */
  allowPeers?: string[]
  /** Rate limits on new floods; the same object the prober uses for its per-target budget. */
  admission?: Admission
  /** Records the traces this node is the entry of, and serves them to its operator (peer id of the operator key). */
  history?: { store: HistoryStore, operatorId: string }
  /** What the flood and the history read time from (default: the system clock); libp2p keeps its own timers. */
  clock?: Clock
  /** The operator's labels for this vantage point (`--tag`, `--country`, `--city`, `--asn`), checked already. */
  labels?: VantageLabels
  /** Told how each trace this node is the entry of closed (the node's log line per trace). */
  onTrace?: (event: TraceLogEvent) => void
  /** Told of each request this node serves for another peer (relays, probes, or both): not those it is the entry of. */
  onServed?: (event: ServedEvent) => void
}

/** A request this node accepted from another peer: which, from whom, and whether it came straight from the entry. */
export interface ServedEvent {
  id: string
  origin: string
  target: string
  /** The peer that sent it here. */
  from: string
  direct: boolean
}

// A type alias (not an interface) so it satisfies libp2p's ServiceMap index signature.
type PeertraceServices = {
  identify: unknown
  identifyPush: unknown
  ping: unknown
  autoNAT: unknown
  relay: unknown
  reachability: Reachability
  membership: Membership
  idleConnections: IdleConnections
  trace: TraceService
  describe: DescribeService
  history?: HistoryService
}

export type PeertraceNode = Libp2p<PeertraceServices>

/** Starts the node; a listen address it cannot bind is a ListenError (libp2p has stopped what it started). */
export async function createPeertraceNode (init: PeertraceNodeInit): Promise<PeertraceNode> {
  try {
    return await createPeertraceLibp2p(init)
  } catch (err) {
    if (!isLibp2pListenError(err)) throw err
    throw listenError('peers', init.listen.map(tcpHostPort).join(', '), err)
  }
}

async function createPeertraceLibp2p (init: PeertraceNodeInit): Promise<PeertraceNode> {
  const labels = init.labels ?? { tags: [] }
  // What a request's selector is matched against here: this node's own name and labels.
  const described = { peer: peerIdFromPrivateKey(init.privateKey).toString(), name: init.name, ...labels }
  // Who reads the history, and whose traces it keeps as the operator's: one rule (a client on this host, or the key).
  // The same rule tells the trace service which clients are the operator, whose floods it keeps room for.
  const historyAccess = new HistoryAccessRule({ operatorId: init.history?.operatorId })
  return await createLibp2p({
    privateKey: init.privateKey,
    addresses: { listen: init.listen },
    // Peers behind NAT (docs/overlay.md): the relay transport dials relayed addresses, and listens on one once
    // reachability finds the node behind a NAT; every full node relays for others.
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [streamMuxer()],
    // Every limit set here on purpose (docs/security.md, "Bounds everywhere"): a handshake that never starts is cut at
    // the upgrade timeout, one address holds at most a quarter of the handshake and connection slots (the gater),
    // and idle non-neighbour connections are closed (idleConnections), so the slots turn over.
    connectionManager: {
      maxConnections: init.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      inboundConnectionThreshold: DEFAULT_INBOUND_CONNECTIONS_PER_HOST_PER_SECOND,
      maxIncomingPendingConnections: MAX_PENDING_HANDSHAKES,
      inboundUpgradeTimeout: INBOUND_UPGRADE_TIMEOUT_MS,
      maxParallelDials: MAX_PARALLEL_DIALS,
      maxDialQueueLength: MAX_DIAL_QUEUE_LENGTH
    },
    // libp2p's connection monitor aborts a connection, with every stream on it, at the first ping that misses its
    // (adaptive, 5 s at least) timeout: routine on a loaded host, and it cut every link of a partitioned core.
    // Membership judges liveness instead, by several pings in a row (membership/liveness.ts; docs/overlay.md).
    connectionMonitor: { enabled: false },
    connectionProtector: init.swarmKey === undefined ? undefined : preSharedKey({ psk: init.swarmKey }),
    connectionGater: {
      ...hostConnectionLimits({ pendingPerHost: MAX_PENDING_HANDSHAKES_PER_HOST, connectionsPerHost: MAX_CONNECTIONS_PER_HOST }),
      ...(init.allowPeers === undefined || init.allowPeers.length === 0 ? {} : allowPeersGater(init.allowPeers))
    },
    services: {
      identify: identify({ timeout: IDENTIFY_TIMEOUT_MS }),
      identifyPush: identifyPush(),
      ping: ping(),
      autoNAT: autoNAT(),
      relay: circuitRelayServer({
        reservations: {
          maxReservations: RELAY_MAX_RESERVATIONS,
          defaultDataLimit: RELAY_DATA_LIMIT_BYTES,
          defaultDurationLimit: RELAY_DURATION_LIMIT_MS
        }
      }),
      reachability: reachability(),
      membership: membership({ ...init.membership, bootstrap: init.bootstrap ?? [] }),
      idleConnections: idleConnections({ idleMs: init.idleConnectionMs ?? IDLE_CONNECTION_MS }),
      trace: traceService({
        name: init.name,
        prober: init.prober,
        authenticator: new KeyAuthenticator(init.privateKey),
        admission: init.admission,
        flood: init.flood,
        random: init.floodRandom,
        tracesPerRequesterAtOnce: init.tracesPerRequesterAtOnce,
        operator: (peer, address) => historyAccess.check(peer, address) !== undefined,
        clock: init.clock,
        selects: (request) => selectsVantage(request.selector, described),
        served: init.onServed === undefined
          ? undefined
          : (request, from) => {
              // The entry's own line comes when the trace closes (onTrace).
              if (request.entry === described.peer && from === request.origin) return
              init.onServed?.({ id: request.id, origin: request.origin, target: request.target, from, direct: request.direct === true })
            },
        record: bothRecorders(
          init.history === undefined
            ? undefined
            : fromThisHost(historyRecorder(init.history.store, init.clock), historyAccess),
          init.onTrace === undefined ? undefined : traceLogRecorder(init.onTrace, init.clock ?? systemClock))
      }) as never,
      describe: describeService({ privateKey: init.privateKey, name: init.name, labels, clock: init.clock }) as never,
      ...(init.history === undefined
        ? {}
        : {
            history: historyService({
              store: init.history.store,
              access: historyAccess
            })
          })
    }
  }) as unknown as PeertraceNode
}

/** yamux with each stream's window bounded (MAX_STREAM_WINDOW_BYTES), for nodes and clients alike. */
export function streamMuxer (): ReturnType<typeof yamux> {
  return yamux({ streamOptions: { maxStreamWindowSize: MAX_STREAM_WINDOW_BYTES } })
}

/** The history's recorder told whether the requester's connection comes from this host (history-access.ts). */
function fromThisHost (record: (request: TraceRequest, sameHost?: boolean) => FloodRecorder, access: HistoryAccessRule) {
  return (request: TraceRequest, clientAddress: string | undefined): FloodRecorder =>
    record(request, clientAddress !== undefined && access.isLocal(clientAddress))
}

/**
 * A client: dials out only, runs no protocol of its own, so no node counts it as an overlay neighbour. Every call it
 * makes is bounded by its own timeout (a trace by its deadline), so a vanished entry costs at most that.
 */
export async function createClientNode (privateKey: PrivateKey, swarmKey?: Uint8Array): Promise<Libp2p> {
  return await createLibp2p({
    privateKey,
    addresses: { listen: [] },
    connectionProtector: swarmKey === undefined ? undefined : preSharedKey({ psk: swarmKey }),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [streamMuxer()],
    // The caller's deadline bounds a dial (trace-client.ts passes its signal), not libp2p's 6 s per address.
    connectionManager: { addressDialTimeout: CLIENT_ADDRESS_DIAL_TIMEOUT_MS },
    // Off here too (see createPeertraceNode): its ping shares the connection with the trace it carries, so a large
    // answer (or a loaded host) delays the pong past the monitor's timeout (5 s at least), and the monitor then
    // aborted the connection and the trace with it: the requester of a trace answered with 1,500 results of 65 KB
    // lost it after a few hundred, on a loaded host (test/security/large-results.test.ts).
    connectionMonitor: { enabled: false }
  })
}
