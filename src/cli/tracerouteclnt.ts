#!/usr/bin/env node
// The seed assignment's client, `tracerouteclnt -p <port> <target>`: traces through the node at that local port and
// prints one line per server (same as `peertrace trace -p <port> <target>`).

import '../polyfill.js'
import * as defaults from '../engine/constants.js'
import { DEFAULT_HOP_BUDGET, DEFAULT_TRACE_TIMEOUT_S } from '../node/constants.js'
import { MAX_TRACE_TIMEOUT_S } from '../overlay/constants.js'
import { runTrace, TIMEOUT_HELP } from './commands/trace.js'
import { integer } from './option-parsers.js'
import { newProgram, runProgram } from './run-program.js'

const program = newProgram('tracerouteclnt', 'parallel traceroute client')
  .requiredOption('-p, --port <port>', 'local peertrace node at 127.0.0.1:PORT', integer(1, 65535))
  .option('-t, --timeout <s>', TIMEOUT_HELP, integer(1, MAX_TRACE_TIMEOUT_S), DEFAULT_TRACE_TIMEOUT_S)
  .argument('<target>', 'IP address or host name')
  .action(async (target: string, flags: { port: number, timeout: number }, command) => {
    process.exitCode = await runTrace(target, {
      port: flags.port,
      format: 'lines',
      timeout: flags.timeout,
      method: 'icmp',
      maxHops: defaults.DEFAULT_MAX_HOPS,
      queries: defaults.DEFAULT_QUERIES,
      hops: DEFAULT_HOP_BUDGET,
      // The seed printed addresses only: no names, so its output stays exactly what it was.
      numeric: true
    }, command)
  })
await runProgram(program)
