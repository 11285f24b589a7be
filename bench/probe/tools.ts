// The commands compared: peertrace (ours) and the reference tracers, each with how to call it and how to read it.
// Every tool runs with its own defaults except the shared cap on waiting for an answer (WAIT_CAP_SECONDS).

import { fileURLToPath } from 'node:url'
import { TCP_PORT, WAIT_CAP_SECONDS } from './constants.js'
import { parseMtrReport } from './parse/mtr.js'
import { parsePeertraceJson } from './parse/peertrace.js'
import { parseScamperJson } from './parse/scamper.js'
import { parseTraceroute } from './parse/traceroute.js'
import type { ReportedTrace } from './reported-trace.js'

export type ProbeMethod = 'icmp' | 'udp' | 'tcp'

export interface Tool {
  /** Stable id, used in the JSON output. */
  id: string
  /** The command as a reader would type it, `<target>` standing for the address. */
  label: string
  method: ProbeMethod
  /** peertrace itself, as opposed to a reference tool. */
  ours: boolean
  /** The tool prints ICMP unreachable annotations (mtr does not), so the judge checks them. */
  reportsFlags: boolean
  argv: (target: string) => string[]
  /** N traces of the target in one process (peertrace's engine); tools without it run as N processes. */
  concurrentArgv?: (target: string, count: number) => string[]
  parse: (stdout: string) => ReportedTrace
  /** Left out unless asked for with --tool. */
  optional?: boolean
}

/** The built CLI, next to this file in dist/: dist/bench/probe/ -> dist/src/cli/main.js. */
export const PEERTRACE_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))
const CONCURRENT_PROBE = fileURLToPath(new URL('./concurrent-probe.js', import.meta.url))

const wait = String(WAIT_CAP_SECONDS)

/** The destination port every tcp tool is given: closed on every target, so the target answers each SYN with a RST. */
const tcpPort = String(TCP_PORT)

function peertrace (id: string, method: ProbeMethod, extra: string[] = []): Tool {
  // The same cap as the others get, in peertrace's unit (ms); tcp the same port as the other tcp tools.
  const port = method === 'tcp' ? ['-p', tcpPort] : []
  const args = ['-M', method, ...port, '-w', String(WAIT_CAP_SECONDS * 1000), ...extra]
  return {
    id,
    label: ['peertrace probe --json', ...args].join(' '),
    method,
    ours: true,
    reportsFlags: true,
    argv: target => [process.execPath, PEERTRACE_MAIN, 'probe', '--json', ...args, target],
    concurrentArgv: extra.length === 0
      ? (target, count) => [process.execPath, CONCURRENT_PROBE, String(count), method, String(WAIT_CAP_SECONDS * 1000), target,
          ...(method === 'tcp' ? [tcpPort] : [])]
      : undefined,
    parse: parsePeertraceJson
  }
}

function reference (id: string, method: ProbeMethod, argvBefore: string[], parse: (stdout: string) => ReportedTrace,
  reportsFlags = true): Tool {
  return {
    id,
    label: [...argvBefore, '<target>'].join(' '),
    method,
    ours: false,
    reportsFlags,
    argv: target => [...argvBefore, target],
    parse
  }
}

/**
 * scamper's Paris methods; for tcp its SYN trace `-P tcp` (scamper 20211212 has no tcp-paris: `trace -P` takes udp,
 * icmp, udp-paris, icmp-paris, tcp and tcp-ack), to the same port as the other tcp tools.
 */
function scamper (method: ProbeMethod): Tool {
  const command = method === 'tcp' ? `trace -P tcp -d ${tcpPort} -w ${wait}` : `trace -P ${method}-paris -w ${wait}`
  const id = method === 'tcp' ? 'scamper-tcp' : `scamper-${method}-paris`
  const tool = reference(id, method, ['scamper', '-O', 'json', '-c', command, '-i'], parseScamperJson)
  return { ...tool, label: `scamper -O json -c "${command}" -i <target>` }
}

export const TOOLS: readonly Tool[] = [
  peertrace('peertrace-icmp', 'icmp'),
  peertrace('peertrace-udp', 'udp'),
  // One query per hop, as scamper and mtr -c 1 send: the fair row to hold their probe counts against.
  peertrace('peertrace-icmp-q1', 'icmp', ['-q', '1']),
  peertrace('peertrace-udp-q1', 'udp', ['-q', '1']),
  peertrace('peertrace-tcp', 'tcp'),
  peertrace('peertrace-tcp-q1', 'tcp', ['-q', '1']),
  reference('traceroute-icmp', 'icmp', ['traceroute', '-n', '-I', '-w', wait], parseTraceroute),
  reference('traceroute-udp', 'udp', ['traceroute', '-n', '-w', wait], parseTraceroute),
  reference('traceroute-tcp', 'tcp', ['traceroute', '-n', '-T', '-p', tcpPort, '-w', wait], parseTraceroute),
  reference('mtr-icmp', 'icmp', ['mtr', '-r', '-n', '-c', '1', '-G', wait], parseMtrReport, false),
  // mtr's report takes its interval (1 s) plus its grace time whatever the network does; its UDP row would add
  // half a minute per run of the benchmark to say the same, so it runs only when asked for (--tool mtr-udp).
  { ...reference('mtr-udp', 'udp', ['mtr', '-r', '-n', '-u', '-c', '1', '-G', wait], parseMtrReport, false), optional: true },
  scamper('icmp'),
  scamper('udp'),
  scamper('tcp')
]
