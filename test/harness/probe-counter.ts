// Counts the probes a node sends towards one address, the same way whatever sends them and never from the sender's
// own report: iptables rules without a target (counters only) on the node's OUTPUT chain, matching packets to that
// address. Raw sockets' packets pass OUTPUT too. Counters start at zero when installed; the probe benchmark and the
// security tests read them after a run.

import type { Lab } from './spec.js'

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

/** Appends the counting rules for `target` (IPv4) to `node`'s OUTPUT chain, beside whatever rules it has. */
export async function installProbeCounters (lab: Lab, node: string, target: string): Promise<void> {
  // One iptables-restore for all rules: --noflush keeps whatever the harness put in the table.
  const table = ['*filter', ...RULES(target).map(rule => ['-A', 'OUTPUT', ...rule].join(' ')), 'COMMIT', ''].join('\n')
  const result = await lab.exec(node, ['iptables-restore', '-w', '--noflush'], { input: table })
  if (result.code !== 0) throw new Error(`iptables-restore failed: ${result.stderr.trim()}`)
}

/** The counters of `target`'s rules in `node` (installProbeCounters), however many other rules the chain has. */
export async function readProbeCounters (lab: Lab, node: string, target: string): Promise<ProbeCount> {
  const listing = await iptables(lab, node, ['-n', '-v', '-x', '-L', 'OUTPUT'])
  // Two header lines, then one line per rule, packets first; this target's rules are those naming its address
  // (the source column is 0.0.0.0/0), in the order they were appended.
  const packets = listing.split('\n').slice(2).map(line => line.trim().split(/\s+/))
    .filter(fields => fields.includes(target)).map(fields => Number(fields[0]))
  if (packets.length !== RULES(target).length || packets.some(Number.isNaN)) {
    throw new Error(`unexpected iptables listing for ${target}:\n${listing}`)
  }
  return { udp: packets[0], echoRequests: packets[1], tcpSyns: packets[2], all: packets[3] }
}

async function iptables (lab: Lab, node: string, args: string[]): Promise<string> {
  const result = await lab.exec(node, ['iptables', '-w', ...args])
  if (result.code !== 0) throw new Error(`iptables ${args.join(' ')} failed: ${result.stderr.trim()}`)
  return result.stdout
}
