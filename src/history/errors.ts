// Typed errors of the history: the CLI and the history protocol turn them into one-line answers.

import { CodedError } from '../model/coded-error.js'

export type HistoryErrorCode =
  | 'ERR_AMBIGUOUS_ID'
  | 'ERR_BAD_ID'
  | 'ERR_NOT_FOUND'
  | 'ERR_ACCESS_DENIED'
  | 'ERR_HISTORY_UNAVAILABLE'
  | 'ERR_HISTORY_PROTOCOL'

export class HistoryError extends CodedError<HistoryErrorCode> {}
