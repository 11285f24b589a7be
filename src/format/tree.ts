// The merged paths as a tree rooted at the target: paths that share their last hops share branches, and each leaf
// (the first hop of a path) is labelled with its vantage points. A silent hop is never merged with another path's
// silent hop (nothing says they are one router). Paths that never reached the target hang from their last hop,
// under `(not reached)`; partial paths (cut off by the deadline) likewise, under `(cut off)`.

import type { VantageView } from '../model/index.js'
import { isCutOff } from './vantage.js'

interface TreeNode {
  label: string
  children: Map<string, TreeNode>
  vantages: string[]
}

const node = (label: string): TreeNode => ({ label, children: new Map(), vantages: [] })

export function formatTree (target: string, views: VantageView[]): string {
  const root = node(`${target} (target)`)
  const unreached = node('(not reached)')
  const cutOff = node('(cut off)')
  const failed: string[] = []
  for (const v of views) {
    const t = v.trace
    if (t === undefined) {
      failed.push(`${v.name}: ${v.error?.message ?? 'no result'}`)
      continue
    }
    // Walk from the target end of the path towards the vantage point.
    const hops = t.reached ? t.hops.slice(0, -1) : t.hops
    let at = t.reached ? root : isCutOff(t) ? cutOff : unreached
    hops.slice().reverse().forEach((hop, i) => {
      const label = hop.addr === null ? '*' : `${hop.addr}${hop.flag === undefined ? '' : ` ${hop.flag}`}`
      // Silent hops get a key of their own per vantage point, so they never merge.
      const key = hop.addr === null ? `*#${v.peer}#${i}` : label
      let next = at.children.get(key)
      if (next === undefined) {
        next = node(label)
        at.children.set(key, next)
      }
      at = next
    })
    at.vantages.push(v.name)
  }
  const lines = render(root)
  for (const top of [unreached, cutOff]) {
    if (top.children.size > 0 || top.vantages.length > 0) lines.push(...render(top))
  }
  for (const f of failed) lines.push(`(error) ${f}`)
  return lines.join('\n') + '\n'
}

function render (top: TreeNode): string[] {
  const lines = [labelOf(top)]
  const walk = (n: TreeNode, prefix: string): void => {
    const kids = [...n.children.values()]
    kids.forEach((child, i) => {
      const last = i === kids.length - 1
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${labelOf(child)}`)
      walk(child, prefix + (last ? '   ' : '│  '))
    })
  }
  walk(top, '')
  return lines
}

function labelOf (n: TreeNode): string {
  return n.vantages.length === 0 ? n.label : `${n.label}  <- ${n.vantages.sort().join(', ')}`
}
