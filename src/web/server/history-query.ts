// The query string of GET /api/history (`target`, `limit`), checked into a HistoryQuery: unknown or repeated
// parameters and a limit that is not a small positive integer are refused with a one-line reason.

import type { HistoryQuery } from '../../history/types.js'
import { MAX_TARGET_LENGTH } from '../../model/limits.js'
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT } from './constants.js'
import { HttpError } from './errors.js'

const PARAMETERS = ['target', 'limit']

export function parseHistoryQuery (params: URLSearchParams): HistoryQuery {
  for (const key of new Set(params.keys())) {
    if (!PARAMETERS.includes(key)) throw new HttpError(400, `unknown query parameter: ${key.slice(0, 64)}`)
    if (params.getAll(key).length > 1) throw new HttpError(400, `query parameter given twice: ${key}`)
  }
  const query: HistoryQuery = { limit: DEFAULT_HISTORY_LIMIT }
  const limit = params.get('limit')
  if (limit !== null) {
    if (!/^\d{1,7}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_HISTORY_LIMIT) {
      throw new HttpError(400, `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`)
    }
    query.limit = Number(limit)
  }
  const target = params.get('target')
  if (target !== null) {
    if (target.length === 0 || target.length > MAX_TARGET_LENGTH) {
      throw new HttpError(400, `target must be 1 to ${MAX_TARGET_LENGTH} characters`)
    }
    query.target = target
  }
  return query
}
