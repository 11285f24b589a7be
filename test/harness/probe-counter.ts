// Counts the probes a node sends towards one address, the same way whatever sends them and never from the sender's
// own report: iptables rules without a target (counters only) on the node's OUTPUT chain, matching packets to that
// address. Raw sockets' packets pass OUTPUT too. Counters start at zero when installed; the probe benchmark and the
// security tests read them after a run. The answers a node's kernel takes in (INPUT, which every packet passes
// before a raw socket gets it) are counted likewise: what the network answered, whatever the tool made of it.

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

/** ICMP answers a node's kernel took in: time-exceeded from any router, echo replies from one address. */
export interface AnswerCount {
  timeExceeded: number
  echoReplies: number
}

/** The comment that marks `target`'s answer rules: their listing does not name the target in the source column. */
const answersTag = (target: string): string => `peertrace-answers-${target}`

const ANSWER_RULES = (target: string): string[][] => [
  ['-p', 'icmp', '--icmp-type', 'time-exceeded'],
  ['-s', target, '-p', 'icmp', '--icmp-type', 'echo-reply']
].map(rule => [...rule, '-m', 'comment', '--comment', answersTag(target)])

/**
 * Appends counting rules to `node`'s INPUT chain: every ICMP time-exceeded it receives (from any router: use it
 * while the node traces one address only) and the echo replies from `target`.
 */
export async function installAnswerCounters (lab: Lab, node: string, target: string): Promise<void> {
  const table = ['*filter', ...ANSWER_RULES(target).map(rule => ['-A', 'INPUT', ...rule].join(' ')), 'COMMIT', ''].join('\n')
  const result = await lab.exec(node, ['iptables-restore', '-w', '--noflush'], { input: table })
  if (result.code !== 0) throw new Error(`iptables-restore failed: ${result.stderr.trim()}`)
}

/** The counters of installAnswerCounters(`target`) in `node`. */
export async function readAnswerCounters (lab: Lab, node: string, target: string): Promise<AnswerCount> {
  const listing = await iptables(lab, node, ['-n', '-v', '-x', '-L', 'INPUT'])
  const packets = listing.split('\n').filter(line => line.includes(`/* ${answersTag(target)} */`))
    .map(line => Number(line.trim().split(/\s+/)[0]))
  if (packets.length !== ANSWER_RULES(target).length || packets.some(Number.isNaN)) {
    throw new Error(`unexpected iptables listing for the answers from ${target}:\n${listing}`)
  }
  return { timeExceeded: packets[0], echoReplies: packets[1] }
}

async function iptables (lab: Lab, node: string, args: string[]): Promise<string> {
  const result = await lab.exec(node, ['iptables', '-w', ...args])
  if (result.code !== 0) throw new Error(`iptables ${args.join(' ')} failed: ${result.stderr.trim()}`)
  return result.stdout
}
