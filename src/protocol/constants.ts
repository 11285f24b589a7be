// The ids of peertrace's three wire protocols, and their bounds. Every bound is checked on decode, before anything
// acts on a message, so whatever a peer sends costs a bounded amount of memory and work.

import { MAX_PROBE_HOPS, MAX_PROBE_QUERIES } from '../model/limits.js'

const PROTOCOL_PREFIX = 'peertrace'
/** The trace protocol: a flood's request, results and end (protocols/trace.proto). */
export const TRACE_PROTOCOL = `/${PROTOCOL_PREFIX}/trace/1.0.0`
/** The history protocol: a node's operator reads the traces it recorded (protocols/history.proto). */
export const HISTORY_PROTOCOL = `/${PROTOCOL_PREFIX}/history/1.0.0`
/** The directory: signed self-descriptions of vantage points (protocols/describe.proto). */
export const DESCRIBE_PROTOCOL = `/${PROTOCOL_PREFIX}/describe/1.0.0`
/** Peer exchange, for membership only (protocols/peers.proto). */
export const PEERS_PROTOCOL = `/${PROTOCOL_PREFIX}/peers/1.0.0`

export { MAX_MESSAGE_BYTES } from '../model/limits.js'
/** The bounds of the request's and results' fields (one home: src/model/limits.ts). */
export {
  MAX_ENTRY_ADDRS, MAX_MULTIADDR_LENGTH, MAX_PEERS_PER_ASKED, MAX_PEER_ID_LENGTH, MAX_SIBLINGS, MAX_PEER_NAME_LENGTH, MAX_SIGNATURE_BYTES,
  MAX_TARGET_LENGTH, REQUEST_ID_BYTES
} from '../model/limits.js'
export const MAX_ERROR_LENGTH = 512
export const MAX_ADDR_LENGTH = 64
export const MAX_FLAG_LENGTH = 8
/** A result has at most the hops and the RTTs per hop that a request may ask for. */
export const MAX_HOPS_PER_RESULT = MAX_PROBE_HOPS
export const MAX_RTTS_PER_HOP = MAX_PROBE_QUERIES
export const MAX_ADDRS_PER_HOP = 16
export { MAX_PROBES_PER_HOP, MAX_PROBE_ROUNDS } from '../model/limits.js'
export { MAX_FAILURES_PER_END } from '../model/limits.js'
/** Why a trace ended (MeasuredTrace.stop): a result naming anything else is malformed. */
export { STOP_REASONS } from '../model/trace.js'

/** Domain-separation prefixes: a signature over one kind of message can never pass as another. */
export const REQUEST_SIGNING_DOMAIN = 'peertrace/trace-request/1'
export const RESULT_SIGNING_DOMAIN = 'peertrace/trace-result/1'
export const DESCRIPTION_SIGNING_DOMAIN = 'peertrace/describe/1'

/** The directory: descriptions one answer carries at most, and its largest frame (a description is under 1 KiB). */
export const MAX_DIRECTORY_ENTRIES = 256
export const MAX_DIRECTORY_BYTES = 256 * 1024

/** Peer exchange: the largest peer list frame, the peers of a list used, and the addresses of a peer used. */
export const MAX_PEER_LIST_BYTES = 16 * 1024
export const MAX_PEERS_PER_EXCHANGE = 32
export const MAX_ADDRS_PER_PEER = 8

/** Largest history frame: a stored trace's summary may list every failed vantage point. */
export const MAX_HISTORY_MESSAGE_BYTES = 1024 * 1024
export const MAX_HISTORY_ID_LENGTH = 64
/** Largest history query frame a node reads (LIST, SHOW or FINISH: an id, or a target and a limit; well under this). */
export const MAX_HISTORY_QUERY_BYTES = 4096
/** Replies one query may bring at most: a listing's limit, or a trace's results, plus header, summary and end. */
export const MAX_HISTORY_ANSWERS = 100_000
