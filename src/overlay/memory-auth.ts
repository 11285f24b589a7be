// A stand-in Authenticator for tests and the simulation: the "signature" is sha256(signer id + canonical JSON).
// It catches altered or forged bytes, not impostors (anyone can compute it); real signing lives in src/protocol/.

import { createHash } from 'node:crypto'
import type { Authenticator, TraceRequest, VantageResult } from './types.js'

/** JSON with object keys sorted at every level, so that equal values always hash alike. */
function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`)
    return `{${fields.join(',')}}`
  }
  return JSON.stringify(value)
}

function digest (signer: string, fields: unknown): Uint8Array {
  return createHash('sha256').update(signer).update('\n').update(canonicalJson(fields)).digest()
}

function sameBytes (a: unknown, b: Uint8Array): boolean {
  return a instanceof Uint8Array && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

/** What the origin signs: everything but what changes on the way (as in src/protocol/signing.ts) and the signature. */
function requestFields (request: Omit<TraceRequest, 'signature'> & { signature?: unknown }): unknown {
  const { hopBudget: _budget, signature: _signature, entryAddrs: _addrs, reportAsked: _report, siblings: _siblings, direct: _direct, ...signed } = request
  return signed
}

function resultFields (result: Omit<VantageResult, 'signature'> & { signature?: unknown }): unknown {
  const { signature: _signature, ...signed } = result
  return signed
}

export class HashAuthenticator implements Authenticator {
  async signRequest (request: Omit<TraceRequest, 'signature'>): Promise<TraceRequest> {
    return { ...request, signature: digest(request.origin, requestFields(request)) }
  }

  async verifyRequest (request: TraceRequest): Promise<boolean> {
    return sameBytes(request.signature, digest(request.origin, requestFields(request)))
  }

  async signResult (result: Omit<VantageResult, 'signature'>): Promise<VantageResult> {
    return { ...result, signature: digest(result.peer, resultFields(result)) }
  }

  async verifyResult (result: VantageResult): Promise<boolean> {
    return sameBytes(result.signature, digest(result.peer, resultFields(result)))
  }
}
