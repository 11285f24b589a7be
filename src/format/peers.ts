// The listing of known vantage points (`peertrace peers`): one line per peer (name, id, labels, families, last seen),
// or one JSON array.

import { peerRow, type VantageDescription } from '../model/vantage-description.js'

/** The labels a `--from` expression can name, as written: tags, then country, city and AS. */
function labels (d: VantageDescription): string[] {
  return [...d.tags, ...(d.country === undefined ? [] : [d.country]), ...(d.city === undefined ? [] : [d.city]),
    ...(d.asn === undefined ? [] : [`AS${d.asn}`])]
}

function ago (ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`
}

export function peersTable (descriptions: readonly VantageDescription[], now: number): string {
  const rows = descriptions.map((d) => [d.name, d.peer, labels(d).join(',') || '-', d.families.join(','), ago(now - d.timestamp)])
  const header = ['NAME', 'PEER', 'LABELS', 'FAMILIES', 'LAST SEEN']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  return [header, ...rows].map((r) => r.map((cell, i) => i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n') + '\n'
}

export function peersJson (descriptions: readonly VantageDescription[]): string {
  return JSON.stringify(descriptions.map(peerRow)) + '\n'
}
