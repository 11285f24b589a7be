// Every knob of the overlay benchmark, named: sizes, runs, the fake prober's delay, time limits, the goals checked.

/** In-process overlay sizes (libp2p nodes in one Node process on 127.0.0.1). */
export const IN_PROCESS_SIZES = [8, 32, 100]
/** Runs per design and size (and per design on the WAN); medians are reported. */
export const DEFAULT_RUNS = 7
/** The fixed-delay fake prober: every peer answers this long after the request reached it. */
export const PROBE_DELAY_MS = 50
/** Seeds the join order of the in-process overlays (node i joins through a random earlier node). */
export const DEFAULT_SEED = 1

/** A request's deadline: far above any run's time, so every run ends because every link ended. */
export const REQUEST_TIMEOUT_MS = 60_000
/** How long an overlay may take to form before the benchmark gives up. */
export const FORMATION_TIMEOUT_MS = 180_000
/** After the overlay formed, time for the last dials in flight to land before anything is measured. */
export const SETTLE_MS = 2_000
/** Pause after each run, so streams still closing do not overlap the next one. */
export const QUIET_MS = 300

/** The WAN scenario: wan8's sites, the client's site (it asks through its own site's peer), the target's site. */
export const WAN_SITES = 8
export const WAN_CLIENT_SITE = 3
export const WAN_TARGET_SITE = 8
/** A command in a lab namespace is killed after this long. */
export const WAN_COMMAND_TIMEOUT_MS = 120_000
/**
 * Each WAN run (and the warm-up round) starts at least this long after the one before. Peers keep their default
 * per-target probe budget (src/node/policy/admission.ts: 600 probes a minute to one address), and one run asks each
 * peer for 7 traces of ~25 probes each towards the same target: at this pace they stay within it.
 */
export const WAN_RUN_PERIOD_MS = 30_000
/** `peertrace trace --timeout` (s) for the CLI runs: far above any run's time. */
export const WAN_CLI_TIMEOUT_S = 30

/** The goals checked: 8 sites merged within MERGE_FACTOR x one local trace + MERGE_SLACK_MS ... */
export const MERGE_FACTOR = 2
export const MERGE_SLACK_MS = 100
/** ... and at most this many overlay messages per overlay edge for one trace. */
export const MESSAGES_PER_EDGE_GOAL = 2

/** Where the JSON results go, relative to the repository root (git-ignored). */
export const OUT_FILE = 'bench/out/overlay.json'
export const SIMULATION_OUT_FILE = 'bench/out/overlay-sim.json'

/** `npm run bench:membership`: peers per wan8 site (4 and 8: 32 and 64 peer processes), runs per size. */
export const MEMBERSHIP_PER_SITE = [4, 8]
export const MEMBERSHIP_RUNS = 3
/** Seeds which peers the churn kills (run r uses MEMBERSHIP_SEED + r). */
export const MEMBERSHIP_SEED = 0xc4a05
/** Each phase gives up after this long and records no figure (the run goes on with the next phase). */
export const MEMBERSHIP_PHASE_TIMEOUT_MS = 120_000
/** How long a peer may take to print its listen address: 64 starting at once on 2 shared cores take more than 20 s. */
export const MEMBERSHIP_LISTEN_TIMEOUT_MS = 60_000
/** After formation: idle CPU is measured over this long, then the degrees are read. */
export const MEMBERSHIP_IDLE_MS = 10_000
/** How long the core stays split. */
export const PARTITION_MS = 20_000
/** `peertrace trace --timeout` (s) for the traces of the partition and churn phases, and the pause between them. */
export const MEMBERSHIP_TRACE_TIMEOUT_S = 10
export const MEMBERSHIP_TRACE_PAUSE_MS = 1_000
/** After the churn's kill, traces run until this many in a row were answered by every survivor (or the timeout). */
export const CHURN_FULL_TRACES = 3
