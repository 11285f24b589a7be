// The vantage points the node knows, on the page: name, the labels `from` selects by, families and last seen.

import type { PeerEntry } from './api.js'

export function renderPeers (list: HTMLElement, peers: PeerEntry[], now: number): void {
  list.replaceChildren(...peers.map(peer => {
    const item = document.createElement('li')
    item.dataset.peer = peer.peer
    item.title = peer.peer
    const name = document.createElement('span')
    name.className = 'name'
    name.textContent = peer.name
    const labels = document.createElement('span')
    labels.className = 'labels'
    labels.textContent = ` ${[...peer.tags, peer.country, peer.city, peer.asn === undefined ? undefined : `AS${peer.asn}`]
      .filter((label): label is string => label !== undefined).join(', ')}`
    const seen = document.createElement('span')
    seen.className = 'when'
    seen.textContent = `${peer.families.join(', ')} · seen ${Math.max(0, Math.round((now - peer.lastSeen) / 1000))} s ago`
    item.append(name, labels, seen)
    return item
  }))
}
