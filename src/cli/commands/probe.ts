// `peertrace probe <target>`: one trace from this machine with the in-process engine, printed like traceroute
// or as the JSON object the overlay carries.

import { hostname } from 'node:os'
import type { Command } from 'commander'
import * as defaults from '../../engine/constants.js'
import { METHODS } from '../../model/trace.js'
import type { Method } from '../../engine/trace.js'
import { integer, oneOf } from '../option-parsers.js'

interface ProbeFlags {
  method: Method
  maxHops: number
  firstHop: number
  queries: number
  wait: number
  port?: number
  gapLimit: number
  rounds?: number
  json?: boolean
  ipv4?: boolean
  ipv6?: boolean
}

export function probeCommand (program: Command): void {
  program.command('probe')
    .description('trace the path to <target> from this machine (needs root or CAP_NET_RAW)')
    .argument('<target>', 'IP address or host name')
    .option('-M, --method <method>', `probe method: ${METHODS.join(', ')}`, oneOf(METHODS), 'icmp')
    .option('-m, --max-hops <n>', 'largest TTL to probe', integer(1, defaults.MAX_MAX_HOPS), defaults.DEFAULT_MAX_HOPS)
    .option('-f, --first-hop <n>', 'TTL to start at', integer(1, defaults.MAX_MAX_HOPS), defaults.DEFAULT_FIRST_HOP)
    .option('-q, --queries <n>', 'probes per hop', integer(1, defaults.MAX_QUERIES), defaults.DEFAULT_QUERIES)
    .option('-w, --wait <ms>', 'cap on any one wait, in ms', integer(1, defaults.MAX_WAIT_MS), defaults.DEFAULT_WAIT_MS)
    .option('-p, --port <port>', `destination port of UDP and TCP probes (default: ${defaults.DEFAULT_UDP_PORT} for udp, ` +
      `${defaults.DEFAULT_TCP_PORT} for tcp)`, integer(1, 65535))
    .option('--gap-limit <n>', 'stop after this many silent hops past the last answer',
      integer(1, defaults.MAX_GAP_LIMIT), defaults.DEFAULT_GAP_LIMIT)
    .option('--rounds <n>', `mtr mode: after the path is found, N rounds (one a second, at most ${defaults.MAX_ROUNDS}) of one probe per hop; prints an mtr -r table`,
      integer(1, defaults.MAX_ROUNDS))
    .option('-4, --ipv4', 'resolve the target to IPv4')
    .option('-6, --ipv6', 'resolve the target to IPv6')
    .option('--json', 'print one JSON object instead of text')
    .action(async (target: string, flags: ProbeFlags, command: Command) => {
      if (flags.ipv4 === true && flags.ipv6 === true) command.error('error: -4 and -6 exclude each other', { exitCode: 2 })
      if (flags.firstHop > flags.maxHops) command.error('error: --first-hop cannot exceed --max-hops', { exitCode: 2 })
      // Loaded here, not at start-up: `--help` and the other commands do not pay for the engine.
      const [{ ProbeEngine }, { formatTraceText }, { formatHopTable }] = await Promise.all([
        import('../../engine/engine.js'), import('../../format/trace-text.js'), import('../../format/hop-table.js')
      ])
      const engine = new ProbeEngine()
      const abort = new AbortController()
      const onSignal = (): void => { abort.abort() }
      process.once('SIGINT', onSignal)
      try {
        const result = await engine.trace(target, {
          method: flags.method,
          family: flags.ipv4 === true ? 4 : flags.ipv6 === true ? 6 : undefined,
          maxHops: flags.maxHops,
          firstHop: flags.firstHop,
          queries: flags.queries,
          waitMs: flags.wait,
          port: flags.port,
          gapLimit: flags.gapLimit,
          rounds: flags.rounds
        }, abort.signal)
        process.stdout.write(flags.json === true
          ? JSON.stringify(result) + '\n'
          : flags.rounds !== undefined
            ? formatHopTable({ peer: '', name: hostname(), trace: result })
            : formatTraceText(result, { maxHops: flags.maxHops, queries: flags.queries }))
      } finally {
        process.off('SIGINT', onSignal)
      }
    })
}
