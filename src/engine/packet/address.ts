// IP address text <-> bytes, for comparing a quoted destination with the target without caring how either was
// spelled (IPv6 has many spellings of one address).

import { isIP } from 'node:net'

/** The canonical text of an IP literal (IPv6 compressed and lower-case, as the kernel prints it). */
export function canonicalAddress (addr: string): string {
  if (isIP(addr) !== 6) return addr
  return new URL(`http://[${addr}]/`).hostname.slice(1, -1)
}

/** The network-order bytes of an IP literal. */
export function addressBytes (addr: string): Uint8Array {
  const family = isIP(addr)
  if (family === 4) return Uint8Array.from(addr.split('.').map(Number))
  if (family !== 6) throw new TypeError(`not an IP address: ${addr}`)
  const text = canonicalAddress(addr)
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined
    ? headGroups
    : [...headGroups, ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
  const out = new Uint8Array(16)
  groups.forEach((group, i) => {
    const value = parseInt(group, 16)
    out[i * 2] = value >> 8
    out[i * 2 + 1] = value & 0xff
  })
  return out
}

export function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Compares bytes, not text: the kernel and the caller may spell one IPv6 address differently. */
export function isAddress (text: string, bytes: Uint8Array): boolean {
  try {
    return sameBytes(addressBytes(text), bytes)
  } catch {
    return false
  }
}
