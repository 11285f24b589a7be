// The selector a trace request carries (`--from`, `--limit`) to and from its protobuf form, bounds checked on the
// way in: a decoded selection is well-formed or the message is malformed.

import { selectionProblem, type Selection } from '../model/selector.js'
import { MalformedMessageError } from './errors.js'
import { wellFormed } from './well-formed.js'
import type * as pb from './pb/trace.js'

export function selectorToPb (selection: Selection): pb.Selector {
  return { terms: [...selection.terms], limit: selection.limit, chosen: [...(selection.chosen ?? [])] }
}

export function selectorFromPb (selector: pb.Selector): Selection {
  const selection: Selection = { terms: selector.terms.map(term => wellFormed('selector term', term)) }
  if (selector.limit != null) selection.limit = selector.limit
  if (selector.chosen.length > 0) selection.chosen = selector.chosen.map(peer => wellFormed('chosen vantage point', peer))
  const problem = selectionProblem(selection)
  if (problem !== undefined) throw new MalformedMessageError(problem)
  return selection
}
