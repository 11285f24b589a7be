// Counts the probes a tool sends, the same way for every tool and never from the tool's own report: iptables
// rules without a target on the source node's OUTPUT chain, matching packets to the traced address. The lab is
// new for every run, so the counters start at zero.

import type { Lab } from '../../test/harness/index.js'

export interface ProbeCount {
  udp: number
  echoRequests: number
  /** TCP segments with SYN set and ACK, RST and FIN clear: the tcp methods' probes. */
  tcpSyns: number
  /** Every packet to the target, whatever it is: more than the three above means a tool sent something else. */
  all: number
}

/** The probes of every method: what a tool sent towards the target to trace it. */
export function probesOf (count: ProbeCount): number {
  return count.udp + count.echoRequests + count.tcpSyns
}

/** The rules, in the order their counters are read back. */
const RULES = (target: string): string[][] => [
  ['-d', target, '-p', 'udp'],
  ['-d', target, '-p', 'icmp', '--icmp-type', 'echo-request'],
  ['-d', target, '-p', 'tcp', '--syn'],
  ['-d', target]
]

export async function installProbeCounters (lab: Lab, node: string, target: string): Promise<void> {
  // One iptables-restore for all rules: --noflush keeps whatever the harness put in the table.
  const table = ['*filter', ...RULES(target).map(rule => ['-A', 'OUTPUT', ...rule].join(' ')), 'COMMIT', ''].join('\n')
  const result = await lab.exec(node, ['iptables-restore', '-w', '--noflush'], { input: table })
  if (result.code !== 0) throw new Error(`iptables-restore failed: ${result.stderr.trim()}`)
}

export async function readProbeCounters (lab: Lab, node: string): Promise<ProbeCount> {
  const listing = await iptables(lab, node, ['-n', '-v', '-x', '-L', 'OUTPUT'])
  // Two header lines, then one line per rule, packets first.
  const packets = listing.split('\n').slice(2).filter(line => line.trim() !== '')
    .map(line => Number(line.trim().split(/\s+/)[0]))
  if (packets.length !== RULES('').length || packets.some(Number.isNaN)) {
    throw new Error(`unexpected iptables listing:\n${listing}`)
  }
  return { udp: packets[0], echoRequests: packets[1], tcpSyns: packets[2], all: packets[3] }
}

async function iptables (lab: Lab, node: string, args: string[]): Promise<string> {
  const result = await lab.exec(node, ['iptables', '-w', ...args])
  if (result.code !== 0) throw new Error(`iptables ${args.join(' ')} failed: ${result.stderr.trim()}`)
  return result.stdout
}
