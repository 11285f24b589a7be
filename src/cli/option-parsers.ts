// Commander argument parsers shared by the commands: each rejects bad input with a one-line reason, which the
// program turns into exit code 2.

import { InvalidArgumentError } from 'commander'

export function integer (min: number, max: number): (value: string) => number {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`)
    const n = Number(value)
    if (n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`)
    return n
  }
}

export function oneOf<T extends string> (choices: readonly T[]): (value: string) => T {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of: ${choices.join(', ')}.`)
    }
    return value as T
  }
}

export interface HttpAddress {
  host: string
  port: number
}

/** The host --http binds when given a bare port: the web view is open to this machine only. */
export const DEFAULT_HTTP_HOST = '127.0.0.1'

/** `[host:]port` for --http: a bare port binds DEFAULT_HTTP_HOST; an IPv6 host goes in brackets ([::1]:8080). */
export function httpAddress (value: string): HttpAddress {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value.trim())
  const port = match === null ? NaN : Number(match[2])
  if (match === null || port > 65535) throw new InvalidArgumentError('expected [host:]port, e.g. 8080, 127.0.0.1:8080 or [::1]:8080.')
  const host = match[1] === undefined ? DEFAULT_HTTP_HOST : match[1].replace(/^\[|\]$/g, '')
  return { host, port }
}

/** A trace id as `history` lists it, or a unique start of it. */
export function traceId (minLength: number): (value: string) => string {
  return (value: string): string => {
    if (!new RegExp(`^[0-9A-Fa-f]{${minLength},64}$`).test(value)) {
      throw new InvalidArgumentError(`not a trace id (${minLength} to 64 hex digits, as \`peertrace history\` lists them).`)
    }
    return value.toLowerCase()
  }
}
