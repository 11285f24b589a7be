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
