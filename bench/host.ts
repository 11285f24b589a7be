// What both benchmark runners need from the machine they run on: the load average as printed, and the check that
// no lab namespace of this process is left (the harness's exit hooks cover crashes; this covers bugs).

import { spawnSync } from 'node:child_process'

export function formatLoads (averages: number[]): string {
  return averages.map(load => load.toFixed(2)).join(' ')
}

export function assertNoNamespaceLeft (): void {
  const listing = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
  const ours = listing.split('\n').filter(name => name.startsWith(`pt${process.pid}x`))
  if (ours.length > 0) throw new Error(`namespaces left behind: ${ours.join(', ')}`)
}
