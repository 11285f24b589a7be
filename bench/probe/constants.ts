// Every knob of the probe benchmark, named: how many runs, how big the topologies, how long any tool may wait.

/** Runs per tool and scenario; each run gets a freshly built lab. */
export const DEFAULT_RUNS = 7

/** Routers on the line every scenario is built from: the destination is hop ROUTERS + 1. */
export const ROUTERS = 6

/** The router that stays silent (scenario 2) or refuses the unreachable prefix (scenario 4). */
export const SPECIAL_ROUTER = 3

/**
 * Every tool's cap on waiting for one answer, in seconds, passed to peertrace (-w, in ms), traceroute (-w),
 * scamper (trace -w) and mtr (-G, its grace time after the last probe). Their own defaults (peertrace 3.5 s,
 * traceroute 5 s, scamper 5 s x 2 attempts, mtr 5 s) would make the silent-hop and rate-limit scenarios
 * minutes long without telling anything more.
 */
export const WAIT_CAP_SECONDS = 2

/**
 * The destination port of every tcp tool (peertrace -p, traceroute -T -p, scamper trace -d). Nothing listens on it
 * in the labs, so the target answers every SYN with a RST: a destination answer for all three tools, from the
 * target's kernel alone (no listener process to start in every lab), and the kernel's ICMP rate limit does not
 * apply to it.
 */
export const TCP_PORT = 80

/** A single command is killed after this long: far above any tool's worst case here. */
export const RUN_TIMEOUT_MS = 60_000

/** Where the JSON results go, relative to the repository root (git-ignored). */
export const OUT_FILE = 'bench/out/probe.json'

/** The node every trace starts from, in every topology. */
export const SOURCE_NODE = 'src'
