// Waits, by polling against a deadline, until every veth of a lab is usable: the kernel finishes bringing a link up
// (operstate, qdisc, IPv6 multicast route and link-local address) in its linkwatch worker, after `ip` has returned.
// Until then IPv6 neighbour solicitations are dropped and the first packet of a trace waits a 1 s retransmit.

import { HarnessError } from './errors.js'
import { runCommand } from './run-command.js'

export interface NamespaceDevices {
  namespace: string
  devices: readonly string[]
}

/** First re-check after this long; each later one waits twice as long, up to the cap. */
const FIRST_RECHECK_MS = 1
const MAX_RECHECK_MS = 50

export async function awaitLinksReady (namespaces: readonly NamespaceDevices[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  let pending = namespaces.filter(entry => entry.devices.length > 0)
  let delay = FIRST_RECHECK_MS
  while (true) {
    const ready = await Promise.all(pending.map(async entry => await namespaceReady(entry)))
    pending = pending.filter((_, i) => !ready[i])
    if (pending.length === 0) return
    if (performance.now() > deadline) {
      throw new HarnessError('E_SETUP_FAILED',
        `links not up after ${timeoutMs} ms in ${pending.map(entry => entry.namespace).join(', ')}`)
    }
    await new Promise(resolve => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, MAX_RECHECK_MS)
  }
}

async function namespaceReady ({ namespace, devices }: NamespaceDevices): Promise<boolean> {
  const result = await runCommand('ip', ['-n', namespace, '-o', '-batch', '-'], {
    input: 'link show\naddr show\n',
    timeoutMs: MAX_RECHECK_MS * 20
  })
  if (result.code !== 0) return false
  const lines = result.stdout.split('\n')
  return devices.every(device => {
    // Link lines read "11: eth0@if10: <…,UP,LOWER_UP> … state UP …"; address lines "11: eth0    inet6 fe80::…".
    const up = lines.some(line => line.match(/^\d+: ([^:@\s]+)/)?.[1] === device && / state UP /.test(line))
    const linkLocal = lines.some(line =>
      new RegExp(`^\\d+: ${device}\\s+inet6 fe80:`).test(line) && !/ tentative /.test(line))
    return up && linkLocal
  })
}
