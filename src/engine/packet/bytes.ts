// Big-endian reads of packet fields, shared by the parsers of probes and answers.

export function readU16 (buf: Uint8Array, offset: number): number {
  return (buf[offset] << 8) | buf[offset + 1]
}

export function readU32 (buf: Uint8Array, offset: number): number {
  return ((buf[offset] << 24) | (buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]) >>> 0
}
