// The start form: its fields as the API's request body, and the server's refusal shown next to it.

import { MAX_PROBE_PORT, MAX_SELECTION_LIMIT } from '../../model/limits.js'
import { METHODS } from '../../model/trace.js'
import {
  DEFAULT_MAX_HOPS, DEFAULT_METHOD, DEFAULT_QUERIES, DEFAULT_TCP_PORT, DEFAULT_TRACE_TIMEOUT_S, MAX_MAX_HOPS, MAX_QUERIES,
  MAX_ROUNDS, MAX_TRACE_TIMEOUT_S
} from '../server/constants.js'
import type { TraceRequestBody } from './api.js'

export interface FormElements {
  form: HTMLFormElement
  target: HTMLInputElement
  method: HTMLSelectElement
  port: HTMLInputElement
  timeout: HTMLInputElement
  maxHops: HTMLInputElement
  queries: HTMLInputElement
  rounds: HTMLInputElement
  from: HTMLInputElement
  limit: HTMLInputElement
  submit: HTMLButtonElement
  error: HTMLElement
}

/** The methods, defaults and bounds the server enforces, so the browser's own checks agree with it. */
export function setUpForm (el: FormElements): void {
  // With the port left empty, a tcp trace probes the engine's default one, and says so.
  const label = (method: string): string => method === 'tcp' ? `tcp (SYN, port ${DEFAULT_TCP_PORT} unless set)` : method
  el.method.replaceChildren(...METHODS.map(method => new Option(label(method), method, method === DEFAULT_METHOD, method === DEFAULT_METHOD)))
  bound(el.port, 1, MAX_PROBE_PORT)
  bound(el.timeout, 1, MAX_TRACE_TIMEOUT_S, DEFAULT_TRACE_TIMEOUT_S)
  bound(el.maxHops, 1, MAX_MAX_HOPS, DEFAULT_MAX_HOPS)
  bound(el.queries, 1, MAX_QUERIES, DEFAULT_QUERIES)
  bound(el.rounds, 1, MAX_ROUNDS)
  bound(el.limit, 1, MAX_SELECTION_LIMIT)
}

export function readForm (el: FormElements): TraceRequestBody {
  // The server checks every field (and says what is wrong); the page only sends what was typed.
  const body: TraceRequestBody = {
    target: el.target.value.trim(),
    method: el.method.value,
    timeout: Number(el.timeout.value),
    maxHops: Number(el.maxHops.value),
    queries: Number(el.queries.value)
  }
  if (el.port.value !== '') body.port = Number(el.port.value)
  if (el.rounds.value !== '') body.rounds = Number(el.rounds.value)
  if (el.from.value.trim() !== '') body.from = el.from.value
  if (el.limit.value !== '') body.limit = Number(el.limit.value)
  return body
}

export function showFormError (el: FormElements, reason: string | undefined): void {
  el.error.textContent = reason ?? ''
  el.error.hidden = reason === undefined
}

function bound (input: HTMLInputElement, min: number, max: number, value?: number): void {
  input.min = String(min)
  input.max = String(max)
  if (value !== undefined) input.value = String(value)
}
