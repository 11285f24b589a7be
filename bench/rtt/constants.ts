// Every knob of the RTT benchmark, named.

/** Runs per tool, mode and family; every run adds its QUERIES samples per hop to that hop's pool. */
export const DEFAULT_RUNS = 7

/** Routers on the line: the destination is hop ROUTERS + 1. */
export const ROUTERS = 6

/** Probes per hop, for every tool (traceroute's -q, peertrace's -q). */
export const QUERIES = 3

/** Traces one peertrace process runs at once in the loaded mode (the overlay's situation: many traces per peer). */
export const LOAD_TRACES = 32

/** Where the JSON results go, relative to the repository root (git-ignored). */
export const OUT_FILE = 'bench/out/rtt.json'

/** The node every trace starts from. */
export const SOURCE_NODE = 'src'

/** Any single command is killed after this long: far above any tool's worst case here. */
export const RUN_TIMEOUT_MS = 60_000
