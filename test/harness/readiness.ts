// Waits, by polling against a deadline, until every veth of a lab is usable: the kernel finishes bringing a link up
// (operstate, qdisc, IPv6 multicast route and link-local address) in its linkwatch worker, after `ip` has returned.
// Until then IPv6 neighbour solicitations are dropped and the first packet of a trace waits a 1 s retransmit.
//
// A check may take as long as the bound leaves. On a loaded machine building many labs at once one `ip -n` check
// took 0.2-3 s (4 busy loops, 12 labs in one process), up to 15 s (30 labs), and the links were up by the first check
// that finished. When each check was cut at 1 s and counted as "not up", a lab whose checks all ran past 1 s was
// reported "links not up after 30000 ms" (2 builds of 60 with 30 at once, every one of their 60-72 checks cut).

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
    const missing = await Promise.all(pending.map(async entry => await whyNotReady(entry, deadline)))
    const stillPending = pending.flatMap((entry, i) => {
      const why = missing[i]
      return why === undefined ? [] : [{ entry, why }]
    })
    pending = stillPending.map(({ entry }) => entry)
    if (pending.length === 0) return
    if (performance.now() >= deadline) {
      throw new HarnessError('E_SETUP_FAILED', `links not up after ${timeoutMs} ms in ${pending.length} of ` +
        `${namespaces.length} namespaces: ${stillPending.map(({ entry, why }) => `${entry.namespace} (${why})`).join(', ')}`)
    }
    await new Promise(resolve => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, MAX_RECHECK_MS)
  }
}

/** undefined when every device is up with a usable link-local address, otherwise what is missing. */
async function whyNotReady ({ namespace, devices }: NamespaceDevices, deadline: number): Promise<string | undefined> {
  const result = await runCommand('ip', ['-n', namespace, '-o', '-batch', '-'], {
    input: 'link show\naddr show\n',
    timeoutMs: Math.max(1, deadline - performance.now())
  })
  if (result.code !== 0) {
    const how = result.signal !== null ? `killed by ${result.signal} at the bound` : `exit code ${String(result.code)}`
    const said = result.stderr.trim().split('\n')[0] ?? ''
    return `the check (\`ip -n\`) ${how}${said === '' ? '' : `: ${said}`}`
  }
  const lines = result.stdout.split('\n')
  const gaps = devices.flatMap(device => {
    // Link lines read "11: eth0@if10: <…,UP,LOWER_UP> … state UP …"; address lines "11: eth0    inet6 fe80::…".
    const link = lines.find(line => line.match(/^\d+: ([^:@\s]+)/)?.[1] === device)
    if (link === undefined) return [`${device} absent`]
    if (!/ state UP /.test(link)) return [`${device} state ${link.match(/ state (\S+)/)?.[1] ?? 'unknown'}`]
    const linkLocal = lines.some(line =>
      new RegExp(`^\\d+: ${device}\\s+inet6 fe80:`).test(line) && !/ tentative /.test(line))
    return linkLocal ? [] : [`${device} has no usable link-local address`]
  })
  return gaps.length === 0 ? undefined : gaps.join(', ')
}
