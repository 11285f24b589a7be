// The Internet checksum (RFC 1071): ones' complement sum of 16-bit words, used to build ICMP probes and to
// keep a Paris flow's checksum constant while the sequence number changes.

/** Ones' complement sum of the buffer's 16-bit big-endian words, folded to 16 bits (not complemented). */
export function onesSum (buf: Uint8Array, initial = 0): number {
  let sum = initial
  const even = buf.length & ~1
  for (let i = 0; i < even; i += 2) {
    sum += (buf[i] << 8) | buf[i + 1]
  }
  if ((buf.length & 1) === 1) {
    sum += buf[buf.length - 1] << 8
  }
  while (sum > 0xffff) {
    sum = (sum & 0xffff) + (sum >>> 16)
  }
  return sum
}

/** The checksum field value for the buffer (with its checksum field zeroed). */
export function internetChecksum (buf: Uint8Array, initial = 0): number {
  return (~onesSum(buf, initial)) & 0xffff
}
