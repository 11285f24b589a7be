// The options of a running node, defined once: `peertrace node` offers them all, `traceroutesvr` a few, and an
// option a command does not offer takes the default defined here.

import { homedir, hostname } from 'node:os'
import { join } from 'node:path'
import { Option, type Command } from 'commander'
import {
  DEFAULT_HISTORY_MAX_AGE_DAYS, DEFAULT_HISTORY_MAX_TRACES, MAX_HISTORY_MAX_AGE_DAYS, MAX_HISTORY_MAX_TRACES
} from '../history/constants.js'
import { DEFAULT_MAX_PROBES_PER_SECOND } from '../engine/constants.js'
import { DEFAULT_MIN_NEIGHBOURS } from '../node/constants.js'
import {
  DEFAULT_PROBES_PER_TARGET_PER_MINUTE, DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE, DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE
} from '../node/policy/constants.js'
import { DEFAULT_SAMPLE_INTERVAL_MS, MAX_NEIGHBOURS_FACTOR } from '../node/membership/constants.js'
import type { StartNodeOptions } from '../node/start-node.js'
import { MAX_TAGS } from '../model/limits.js'
import { MAX_ASN } from '../model/vantage-description.js'
import { DEFAULT_MAX_CONCURRENT_FLOODS } from '../overlay/constants.js'
import { DEFAULT_HTTP_HOST, httpAddress, integer, type HttpAddress } from './option-parsers.js'

/** The node's options (src/node/start-node.ts) as flags: the history as a switch and its bounds, the web view as an address. */
export type NodeFlags = Omit<StartNodeOptions, 'history' | 'webView'> & {
  history: boolean
  historyMaxTraces: number
  historyMaxAgeDays: number
  http?: HttpAddress
  httpAllowedHost: string[]
  /** -n for the web view: no reverse DNS of hop addresses. */
  httpNumeric?: boolean
  /** An iptoasn TSV file: this node's --asn and --country when not given, and hop AS numbers in the web view. */
  asnDb?: string
}

function defaultDataDir (): string {
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'peertrace')
}

/** In `peertrace node --help` order. Factories: commander keeps per-command state on an Option. */
const NODE_OPTIONS = {
  // Required, but checked once a config file (`node --config`) has had its say: see requirePort.
  port: () => new Option('-p, --port <port>', 'TCP port to listen on (required)').argParser(integer(0, 65535)),
  host: () => new Option('--host <addr>', 'IP address to listen on').default('0.0.0.0'),
  bootstrap: () => new Option('-b, --bootstrap <addr>', 'a peer to join through: host:port or multiaddr (repeatable)')
    .argParser(collectText).default([]),
  bootstrapFile: () => new Option('--bootstrap-file <file>', 'bootstrap list to read when no --bootstrap is given (default: the package\'s bootstrap/peers.txt)'),
  name: () => new Option('-n, --name <name>', 'label of this vantage point in results').default(hostname()),
  tag: () => new Option('--tag <word>', `a label requests select this vantage point by (trace --from WORD; repeatable, at most ${MAX_TAGS})`)
    .argParser(collectText).default([]),
  country: () => new Option('--country <cc>', 'the country this vantage point is in (two-letter code; trace --from DE)'),
  city: () => new Option('--city <name>', 'the city this vantage point is in (trace --from Berlin)'),
  asn: () => new Option('--asn <n>', 'the autonomous system this vantage point is in (trace --from AS3320)').argParser(integer(1, MAX_ASN)),
  asnDb: () => new Option('--asn-db <file>', 'an iptoasn TSV file (no network lookups): --asn and --country, when not given, from the AS of the --host address (else this host\'s own addresses); hop AS numbers in the web view'),
  dataDir: () => new Option('-d, --data-dir <dir>', 'where the node keeps its keys and its trace history (one node per dir: it is locked)')
    .default(defaultDataDir()),
  allowTarget: () => new Option('--allow-target <cidr>', 'also probe targets in this range (repeatable; labs, demos)')
    .argParser(collectText).default([]),
  denyTarget: () => new Option('--deny-target <cidr>', 'never probe targets in this range (repeatable; wins over --allow-target)')
    .argParser(collectText).default([]),
  swarmKey: () => new Option('--swarm-key <file>', 'private overlay: only peers holding this key (see `peertrace swarm-key`) connect'),
  allowPeer: () => new Option('--allow-peer <id>', 'only these peer ids may connect (repeatable)').argParser(collectText).default([]),
  tracesPerOrigin: () => new Option('--traces-per-origin <n>', `floods accepted per requester per minute (default ${DEFAULT_TRACES_PER_ORIGIN_PER_MINUTE})`)
    .argParser(integer(1, 100_000)),
  tracesPerNeighbour: () => new Option('--traces-per-neighbour <n>', `floods accepted through one connected peer per minute (default ${DEFAULT_TRACES_PER_NEIGHBOUR_PER_MINUTE}); the requesters at one address get a quarter of it at their entry`)
    .argParser(integer(1, 100_000)),
  probesPerTarget: () => new Option('--probes-per-target <n>', `probes sent to one target address per minute (default ${DEFAULT_PROBES_PER_TARGET_PER_MINUTE})`)
    .argParser(integer(1, 1_000_000)),
  probesPerSecond: () => new Option('--probes-per-second <n>', `probes per second for all traces together (default ${DEFAULT_MAX_PROBES_PER_SECOND})`)
    .argParser(integer(1, 100_000)),
  maxConcurrentTraces: () => new Option('--max-concurrent-traces <n>', `floods served at once (default ${DEFAULT_MAX_CONCURRENT_FLOODS})`).argParser(integer(1, 1024)),
  tracesPerRequesterAtOnce: () => new Option('--traces-per-requester-at-once <n>', 'floods of one requester served at once: one signing key (default 1/8 of --max-concurrent-traces), one client connection (1/4); one overlay neighbour holds at most 1/2, the clients of one source address 1/4, all clients but the operator 3/8')
    .argParser(integer(1, 1024)),
  minNeighbours: () => new Option('--min-neighbours <n>', 'overlay connections to keep at least')
    .argParser(integer(1, 64)).default(DEFAULT_MIN_NEIGHBOURS),
  maxNeighbours: () => new Option('--max-neighbours <n>', `overlay connections to keep at most: above, the node prunes (default ${MAX_NEIGHBOURS_FACTOR} x --min-neighbours)`)
    .argParser(integer(1, 64)),
  sampleInterval: () => new Option('--sample-interval <s>', 'mean seconds between two dials of a fresh peer, made even at --min-neighbours so a split overlay merges (0: never; fixed topologies)')
    .argParser(integer(0, 3600)).default(DEFAULT_SAMPLE_INTERVAL_MS / 1000),
  historyMaxTraces: () => new Option('--history-max-traces <n>', 'traces the history keeps (the oldest go first)')
    .argParser(integer(1, MAX_HISTORY_MAX_TRACES)).default(DEFAULT_HISTORY_MAX_TRACES),
  historyMaxAgeDays: () => new Option('--history-max-age-days <n>', 'days a trace stays in the history')
    .argParser(integer(1, MAX_HISTORY_MAX_AGE_DAYS)).default(DEFAULT_HISTORY_MAX_AGE_DAYS),
  history: () => new Option('--no-history', 'record no trace history (and serve none)'),
  http: () => new Option('--http <[host:]port>', `serve the web view on this address (host default ${DEFAULT_HTTP_HOST}; elsewhere is open to that network)`)
    .argParser(httpAddress),
  httpAllowedHost: () => new Option('--http-allowed-host <name>', 'a name browsers reach the web view by (repeatable; required when --http is not loopback: other Host headers are refused)')
    .argParser(collectText).default([]),
  httpNumeric: () => new Option('--http-numeric', 'web view: hop addresses only, no reverse DNS of them (as traceroute -n)')
} satisfies Record<keyof NodeFlags, () => Option>

export type NodeOptionName = keyof typeof NODE_OPTIONS

/** Adds the named node options (all of them by default) to `command`. */
export function addNodeOptions (command: Command, names: readonly NodeOptionName[] = Object.keys(NODE_OPTIONS) as NodeOptionName[]): Command {
  for (const name of names) command.addOption(NODE_OPTIONS[name]())
  return command
}

/** The flags a command parsed, completed with the defaults of the node options it does not offer. */
export function withNodeDefaults (parsed: Partial<NodeFlags>): NodeFlags {
  const flags: Record<string, unknown> = {}
  for (const [name, make] of Object.entries(NODE_OPTIONS)) {
    const option = make()
    // A --no-X option means X is on unless it is given.
    flags[name] = option.negate ? true : option.defaultValue
  }
  return { ...flags, ...parsed } as NodeFlags
}

function collectText (value: string, previous: string[]): string[] {
  return [...previous, value]
}
