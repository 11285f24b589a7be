// The merged paths as a tree rooted at the target: paths that share their last hops share branches, and each leaf
// (the first hop of a path) is labelled with its vantage points. A silent hop is never merged with another path's
// silent hop (nothing says they are one router). Paths that never reached the target hang from their last hop,
// under `(not reached)`; partial paths (cut off by the deadline) likewise, under `(cut off)`.
//
// Each node shows its RTT: the median of the hop's answers on the one path through it, or the lowest and highest
// of those medians over the paths through it. Children are sorted by their label (then by the vantage points
// below them), so two runs over the same paths print alike whatever order the results landed in.

import { annotatedAddress, NO_ANNOTATIONS, type Annotations, type Hop, type VantageView } from '../model/index.js'
import { median } from './map-graph.js'
import { tcpAnswer } from './tcp-answer.js'
import { isCutOff } from './vantage.js'

interface TreeNode {
  label: string
  children: Map<string, TreeNode>
  vantages: string[]
  /** The hop's median RTT on each path through this node. */
  rtts: number[]
}

const node = (label: string): TreeNode => ({ label, children: new Map(), vantages: [], rtts: [] })

export function formatTree (target: string, views: VantageView[], annotations: Annotations = NO_ANNOTATIONS): string {
  const root = node(`${target} (target)`)
  const unreached = node('(not reached)')
  const cutOff = node('(cut off)')
  const failed: string[] = []
  /** The target's TCP answers (`<syn,ack>`, `<rst,ack>`) on the paths that reached it: the root shows each. */
  const targetAnswers = new Set<string>()
  for (const v of views) {
    const t = v.trace
    if (t === undefined) {
      failed.push(`${v.name}: ${v.error?.message ?? 'no result'}`)
      continue
    }
    // Walk from the target end of the path towards the vantage point.
    const last = t.reached ? t.hops.at(-1) : undefined
    if (last !== undefined) {
      addRtt(root, last)
      const tcp = tcpAnswer(last)
      if (tcp !== undefined) targetAnswers.add(tcp)
    }
    const hops = t.reached ? t.hops.slice(0, -1) : t.hops
    let at = t.reached ? root : isCutOff(t) ? cutOff : unreached
    hops.slice().reverse().forEach((hop, i) => {
      const label = hop.addr === null ? '*' : `${annotatedAddress(hop.addr, annotations)}${hop.flag === undefined ? '' : ` ${hop.flag}`}`
      // Silent hops get a key of their own per vantage point, so they never merge.
      const key = hop.addr === null ? `*#${v.peer}#${i}` : label
      let next = at.children.get(key)
      if (next === undefined) {
        next = node(label)
        at.children.set(key, next)
      }
      addRtt(next, hop)
      at = next
    })
    at.vantages.push(v.name)
  }
  if (targetAnswers.size > 0) root.label += ` ${[...targetAnswers].sort().join(' ')}`
  const lines = render(root)
  for (const top of [unreached, cutOff]) {
    if (top.children.size > 0 || top.vantages.length > 0) lines.push(...render(top))
  }
  for (const f of failed.sort()) lines.push(`(error) ${f}`)
  return lines.join('\n') + '\n'
}

function addRtt (n: TreeNode, hop: Hop): void {
  const rtt = median(hop.rtts)
  if (rtt !== undefined) n.rtts.push(rtt)
}

function render (top: TreeNode): string[] {
  const lines = [labelOf(top)]
  const walk = (n: TreeNode, prefix: string): void => {
    const kids = sortedChildren(n)
    kids.forEach((child, i) => {
      const last = i === kids.length - 1
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${labelOf(child)}`)
      walk(child, prefix + (last ? '   ' : '│  '))
    })
  }
  walk(top, '')
  return lines
}

/** By label, then (for silent hops, all `*`) by the vantage points below: never by arrival order. */
function sortedChildren (n: TreeNode): TreeNode[] {
  const below = new Map<TreeNode, string>()
  const leaves = (t: TreeNode): string => {
    let names = below.get(t)
    if (names === undefined) {
      names = [...t.vantages.slice().sort(), ...[...t.children.values()].map(leaves)].join(',')
      below.set(t, names)
    }
    return names
  }
  return [...n.children.values()].sort((a, b) => compare(a.label, b.label) || compare(leaves(a), leaves(b)))
}

function compare (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function labelOf (n: TreeNode): string {
  const rtt = rttText(n.rtts)
  const label = rtt === '' ? n.label : `${n.label}  ${rtt}`
  return n.vantages.length === 0 ? label : `${label}  <- ${n.vantages.sort().join(', ')}`
}

/** `0.412 ms` for one path (or paths that agree), `0.412-1.250 ms` for the range over several; '' when none. */
function rttText (rtts: number[]): string {
  if (rtts.length === 0) return ''
  const low = Math.min(...rtts).toFixed(3)
  const high = Math.max(...rtts).toFixed(3)
  return low === high ? `${low} ms` : `${low}-${high} ms`
}
