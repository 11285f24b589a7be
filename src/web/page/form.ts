// The start form: its fields as the API's request body, and the server's refusal shown next to it.

import { DEFAULT_TRACE_TIMEOUT_S, MAX_TRACE_TIMEOUT_S } from '../server/constants.js'
import type { TraceRequestBody } from './api.js'

export interface FormElements {
  form: HTMLFormElement
  target: HTMLInputElement
  method: HTMLSelectElement
  timeout: HTMLInputElement
  rounds: HTMLInputElement
  from: HTMLInputElement
  limit: HTMLInputElement
  submit: HTMLButtonElement
  error: HTMLElement
}

/** The bounds the server enforces, so the browser's own checks agree with it. */
export function setUpForm (el: FormElements): void {
  el.timeout.max = String(MAX_TRACE_TIMEOUT_S)
  el.timeout.value = String(DEFAULT_TRACE_TIMEOUT_S)
}

export function readForm (el: FormElements): TraceRequestBody {
  // The server checks every field (and says what is wrong); the page only sends what was typed.
  const body: TraceRequestBody = { target: el.target.value.trim(), method: el.method.value, timeout: Number(el.timeout.value) }
  if (el.rounds.value !== '') body.rounds = Number(el.rounds.value)
  if (el.from.value.trim() !== '') body.from = el.from.value
  if (el.limit.value !== '') body.limit = Number(el.limit.value)
  return body
}

export function showFormError (el: FormElements, reason: string | undefined): void {
  el.error.textContent = reason ?? ''
  el.error.hidden = reason === undefined
}
