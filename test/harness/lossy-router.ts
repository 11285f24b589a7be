// A router that loses a known share of the probes expiring at it: every n-th time-exceeded error it sends is dropped
// (iptables' statistic match, nth mode, the first included), and `mtr -r` run in a node, read per hop.

import type { Family, Lab } from './spec.js'

/** The iptables/ip6tables rule body (after the chain) that drops every n-th time-exceeded error, the first included. */
export function lossRule (family: Family, every: number): string {
  const icmp = family === 4 ? '-p icmp --icmp-type time-exceeded' : '-p ipv6-icmp --icmpv6-type time-exceeded'
  return `${icmp} -m statistic --mode nth --every ${every} --packet 0 -j DROP`
}

/**
 * Replaces a lossy router's rules, so that their counts start again from 0: the next time-exceeded error of each
 * family is dropped, then every n-th. Each tool compared on the lab then meets the same pattern.
 */
export async function restartLoss (lab: Lab, router: string, every: number): Promise<void> {
  const commands = ([4, 6] as Family[]).flatMap(family => {
    const tool = family === 4 ? 'iptables' : 'ip6tables'
    return [`${tool} -D OUTPUT ${lossRule(family, every)}`, `${tool} -A OUTPUT ${lossRule(family, every)}`]
  })
  const result = await lab.exec(router, ['sh', '-ec', commands.join('\n')])
  if (result.code !== 0) throw new Error(`restarting the loss rules of ${router} failed: ${result.stderr.trim()}`)
}

/** One row of an `mtr -r` table (mtr's own, or peertrace's `-F table`): hop, first host, Loss%, Snt. */
export interface MtrRow {
  hop: number
  host: string
  lossPct: number
  sent: number
}

const MTR_ROW = /^\s*(\d+)\.\|--\s+(\S+)(?:\s+!\S+)?\s+([\d.]+)%\s+(\d+)\s/

/** The hop rows of an `mtr -r` table; the header, the `Start:` line and the other-responder lines are skipped. */
export function parseMtrReport (stdout: string): MtrRow[] {
  return stdout.split('\n').flatMap(line => {
    const m = MTR_ROW.exec(line)
    return m === null ? [] : [{ hop: Number(m[1]), host: m[2], lossPct: Number(m[3]), sent: Number(m[4]) }]
  })
}

/** `mtr -r -n -c <count>` from a node (ICMP, or UDP with `udp`); its hop rows. */
export async function runMtr (lab: Lab, from: string, target: string, family: Family, count: number,
  options: { udp?: boolean, timeoutMs?: number } = {}): Promise<MtrRow[]> {
  const argv = ['mtr', '-r', '-n', `-${family}`, '-c', String(count), ...options.udp === true ? ['-u'] : [], target]
  const result = await lab.exec(from, argv, { timeoutMs: options.timeoutMs })
  if (result.code !== 0) throw new Error(`mtr in ${from} failed (${String(result.code ?? result.signal)}): ${result.stderr.trim()}`)
  return parseMtrReport(result.stdout)
}
