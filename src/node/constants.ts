// Defaults and bounds of the node layer (membership, trace client, connections), in one place so the CLI can show
// them without loading libp2p.

import { DEFAULT_MAX_DEADLINE_MS } from '../overlay/constants.js'

export const DEFAULT_MIN_NEIGHBOURS = 4
export const DEFAULT_MAX_KNOWN_PEERS = 512
export const DEFAULT_MAINTAIN_INTERVAL_MS = 1000
export const DEFAULT_EXCHANGE_INTERVAL_MS = 3000
/** The peer-exchange protocol's bounds (one home: src/protocol/constants.ts). */
export { MAX_ADDRS_PER_PEER, MAX_PEER_LIST_BYTES, MAX_PEERS_PER_EXCHANGE } from '../protocol/constants.js'
export const DEFAULT_DIAL_TIMEOUT_MS = 5000
export const DEFAULT_MAX_PARALLEL_DIALS = 4
/** How long identify may take on a connection (libp2p's default, set explicitly so membership knows it). */
export const IDENTIFY_TIMEOUT_MS = 5000
/**
 * Connections a node holds (libp2p's maxConnections): its neighbours (at most 64), the clients whose traces it
 * enters, and room for 45+ requesters at once. Past it libp2p refuses new inbound connections, so no one source
 * may hold more than a quarter of it (MAX_CONNECTIONS_PER_HOST) and idle ones are closed (IDLE_CONNECTION_MS).
 */
export const DEFAULT_MAX_CONNECTIONS = 256
/** Inbound connections open (handshaking or not) from one IP address. */
export const MAX_CONNECTIONS_PER_HOST = 64
/** Inbound handshakes under way at once, all sources together (libp2p's default is 10), and from one IP address. */
export const MAX_PENDING_HANDSHAKES = 128
export const MAX_PENDING_HANDSHAKES_PER_HOST = 32
/**
 * How long an inbound connection may take to finish its handshake (protector, noise, yamux; libp2p's default is
 * 10 s): a connection that never starts one holds a handshake slot this long. A few round trips on any real path.
 */
export const INBOUND_UPGRADE_TIMEOUT_MS = 5000
/** How long an inbound connection that is not an overlay neighbour may carry no stream before it is closed. */
export const IDLE_CONNECTION_MS = 30_000
/** Dials libp2p runs at once, and waiting (libp2p's defaults: 50 and 500); membership dials a few at a time. */
export const MAX_PARALLEL_DIALS = 16
export const MAX_DIAL_QUEUE_LENGTH = 64
/**
 * New inbound connections accepted per second from one IP address (libp2p's default is 5). Peers behind one NAT,
 * a lab on one host, or a crowd joining at once share an address; the connection cap and the flood's own rate
 * limits still bound what they cost.
 */
export const DEFAULT_INBOUND_CONNECTIONS_PER_HOST_PER_SECOND = 50
/**
 * How long a client's dial of one address may take, its handshake included (libp2p's addressDialTimeout, 6 s by
 * default): as long as the longest trace deadline, so that each call's own deadline is what bounds it. Under load a
 * handshake took longer than 6 s, and honest requesters failed with time to spare (test/security/connection-lockout:
 * 11 and 13 of 45 under 10 busy loops).
 */
export const CLIENT_ADDRESS_DIAL_TIMEOUT_MS = DEFAULT_MAX_DEADLINE_MS
/**
 * A client whose entry closes the connection right after the handshake (before its first stream) dials again this
 * many times in all, backing off CLIENT_DIAL_BACKOFF_MS times the attempt: a refusal (--allow-peer) is the same on
 * every attempt.
 */
export const CLIENT_DIAL_ATTEMPTS = 3
/**
 * A dial the entry cut short (a reset, or a handshake closed before it ended: an entry shedding load) is tried again
 * until the trace's deadline, after a back-off that doubles from the first figure up to the second, jittered
 * (client/dial-retry.ts). The cap is below the entry's inbound upgrade timeout, within which a handshake slot frees.
 */
export const CLIENT_DIAL_BACKOFF_MS = 200
export const CLIENT_DIAL_BACKOFF_MAX_MS = 3200
/** The flood radius a requester asks for unless told (peers accept at most overlay's DEFAULT_MAX_HOP_BUDGET). */
export const DEFAULT_HOP_BUDGET = 16
/** How long a requester waits for results unless told (s): `peertrace trace`, tracerouteclnt and the web form. */
export const DEFAULT_TRACE_TIMEOUT_S = 20
/** How long a requester waits for the entry peer to take its report of the trace's duration (for the history). */
export const REPORT_DURATION_TIMEOUT_MS = 2000
/** A session reads its entry's directory (who should answer a trace) at most this often; traces in between share it. */
export const DIRECTORY_REUSE_MS = 5000
/** Distinct peers that must see a node's connections come from a translated address before it takes a relay. */
export const DEFAULT_NAT_EVIDENCE_PEERS = 2
/**
 * Relayed connections (circuit relay v2, on every full node for peers behind NAT) carry a rejoin's replay of results
 * to a NAT'd entry peer: up to this many bytes each way and this long (libp2p's defaults, 128 KiB and 2 min, are
 * less than a large flood's replay), for at most this many peers holding a reservation on one relay.
 */
export const RELAY_DATA_LIMIT_BYTES = 4n * 1024n * 1024n
export const RELAY_DURATION_LIMIT_MS = 5 * 60_000
export const RELAY_MAX_RESERVATIONS = 32
/**
 * Trace-protocol streams one connection carries at once, each way (libp2p's per-protocol maxInboundStreams and
 * maxOutboundStreams). A peer opens one per flood it serves to each neighbour it forwards to (so at most
 * --max-concurrent-traces, default 32, plus the odd rejoin), a requester one per trace it runs; this leaves room for
 * 8 times the default. Past it, a new outbound stream waits for one to close (stream-slots.ts) rather than being
 * reset. yamux's own cap (1000 streams per connection, all protocols) is above it.
 */
export const MAX_TRACE_STREAMS_PER_CONNECTION = 256
/** History streams one connection carries at once (a requester's duration reports, an operator's queries). */
export const MAX_HISTORY_STREAMS_PER_CONNECTION = 4
/**
 * The largest receive window yamux may grow one stream's to (its own default is 16 MiB; it starts at 256 KiB and
 * doubles while the reader keeps up). A reader that falls behind stops granting window, but the sender may still
 * send what was granted: with 16 MiB that overran a stream link's 4 MiB buffer (stream-link.ts) and the stream was
 * aborted. 1 MiB still fills a 100 ms path at 10 MB/s per stream.
 */
export const MAX_STREAM_WINDOW_BYTES = 1024 * 1024
