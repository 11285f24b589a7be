// Every default and bound of the web view's HTTP server, named, so a limit is changed in one place and the API
// document can point at it.

/** The largest request body accepted (POST /api/traces): a trace request is a few dozen bytes. */
export const MAX_BODY_BYTES = 16 * 1024
/** Traces started from the web that may run at once; one more is answered 429. */
export const MAX_RUNNING_WEB_TRACES = 4
/** Results one live trace keeps for its viewers; the rest are counted in its summary but not replayed. */
export const MAX_RESULTS_PER_LIVE_TRACE = 10_000
/**
 * How long a finished web trace stays in memory (ms), and how many may: a viewer that opens it right after the
 * end reads the same events as the live viewers; later it is read from the history.
 */
export const FINISHED_TRACE_RETENTION_MS = 60_000
export const MAX_FINISHED_LIVE_TRACES = 32
/** Event streams (SSE or NDJSON) open at once, over all traces; one more is answered 503. */
export const MAX_OPEN_STREAMS = 64
/** A comment line on an idle SSE stream, so that nothing between the page and the node drops it as dead. */
export const SSE_HEARTBEAT_MS = 15_000
/** What the browser waits before it reconnects a dropped SSE stream (it resumes from Last-Event-ID). */
export const SSE_RETRY_MS = 2000
/**
 * The defaults and bounds of `peertrace trace`, so the form and the API behave like the CLI when a field is left out;
 * peers refuse a request whose deadline is further away than MAX_TRACE_TIMEOUT_S.
 */
export { DEFAULT_TRACE_TIMEOUT_S } from '../../node/constants.js'
export { MAX_TRACE_TIMEOUT_S } from '../../overlay/constants.js'
export { DEFAULT_MAX_HOPS, DEFAULT_QUERIES, DEFAULT_TCP_PORT, MAX_MAX_HOPS, MAX_QUERIES, MAX_ROUNDS } from '../../engine/constants.js'
export const DEFAULT_METHOD = 'icmp'
/** GET /api/history: entries listed when no limit is given, and the most a request may ask for. */
export const DEFAULT_HISTORY_LIMIT = 100
export const MAX_HISTORY_LIMIT = 1000
/** A whole request (headers and body) must arrive within this (ms); a stalled upload does not hold a socket. */
export const REQUEST_TIMEOUT_MS = 30_000
/** Connections the server holds at once (each open stream is one). */
export const MAX_CONNECTIONS = 256
/**
 * GET /api/traces/<id>/map.svg: a map graph past these is refused (413) before any layout, a layout running longer
 * is ended (503), and at most MAX_MAP_LAYOUTS run at once (each in a worker thread, never on the event loop).
 * Measured (dagre in a fresh worker, a shared 2-core machine at load ~2): 428 nodes and 826 ECMP edges take ~1.2 s,
 * 733 nodes and 1416 edges (within the caps) ~2.9 s; beside 4 busy loops, 11 s and 36 s. The caps bound the work;
 * the time limit is the backstop against a layout that never ends, in wall time (Node 20 cannot read one thread's
 * CPU time), so it leaves a busy host room: at 5 s it refused maps the caps admit whenever the machine was loaded.
 * A host so starved that a capped map takes longer gets the 503 and its reason.
 */
export const MAX_MAP_NODES = 1000
export const MAX_MAP_EDGES = 1500
export const MAP_LAYOUT_TIMEOUT_MS = 30_000
export const MAX_MAP_LAYOUTS = 2
