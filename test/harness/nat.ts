// A site behind a NAT: its router masquerades what the inside host sends out and forwards nothing in that the
// inside host did not start (as a home router with no port forwarding). Tests call this after createLab(); the
// rules live in the router's namespace and go with it on destroy(). IPv4 only.

import { HarnessError } from './errors.js'
import type { Lab } from './spec.js'

/** The comment that names the rule counting connection attempts (TCP SYNs) from outside to the inside host. */
const INBOUND_SYN_RULE = 'peertrace-nat-inbound-syn'

/** Makes `router` a NAT for `inside` (a host on one of its links): MASQUERADE out, only replies in. */
export async function masquerade (lab: Lab, router: string, inside: string): Promise<void> {
  const addr = lab.addr(inside, 4)
  const lan = `${lab.linkAddr(router, inside, 4)}/24`
  await iptables(lab, router, ['-t', 'nat', '-A', 'POSTROUTING', '-s', addr, '!', '-d', lan, '-j', 'MASQUERADE'])
  await iptables(lab, router, ['-A', 'FORWARD', '-d', addr, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'])
  await iptables(lab, router, ['-A', 'FORWARD', '-d', addr, '-p', 'tcp', '--syn', '-m', 'comment', '--comment', INBOUND_SYN_RULE, '-j', 'DROP'])
  await iptables(lab, router, ['-A', 'FORWARD', '-d', addr, '-j', 'DROP'])
}

/** How many connections from outside tried to reach the inside host (SYNs the NAT dropped), retransmits included. */
export async function inboundConnectionAttempts (lab: Lab, router: string): Promise<number> {
  const listing = await lab.exec(router, ['iptables', '-L', 'FORWARD', '-v', '-n', '-x'])
  if (listing.code !== 0) throw new HarnessError('E_SETUP_FAILED', `iptables -L in ${router}: ${listing.stderr}`)
  const line = listing.stdout.split('\n').find(l => l.includes(INBOUND_SYN_RULE))
  if (line === undefined) throw new HarnessError('E_SETUP_FAILED', `${router} is not a NAT (no ${INBOUND_SYN_RULE} rule)`)
  return Number(line.trim().split(/\s+/)[0])
}

async function iptables (lab: Lab, router: string, args: string[]): Promise<void> {
  const result = await lab.exec(router, ['iptables', ...args])
  if (result.code !== 0) throw new HarnessError('E_SETUP_FAILED', `iptables ${args.join(' ')} in ${router}: ${result.stderr}`)
}
