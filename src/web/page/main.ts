// The web view's entry point (bundled by esbuild into app.js): wires the form, shows the trace the URL names
// (/traces/<id>) and keeps the history list fresh.

import { ApiError, followTrace, listHistory, listPeers, nodeName, startTrace, traceInfo } from './api.js'
import { readForm, setUpForm, showFormError, type FormElements } from './form.js'
import { renderHistory } from './history-list.js'
import { renderPeers } from './peers-list.js'
import { hideTraceInfo, showTraceInfo, wireCopy, type TraceInfoElements } from './trace-info.js'
import { TraceView } from './trace-view.js'

const HISTORY_LIMIT = 50
/** The vantage point list is read again this often (descriptions are re-signed every 30 s). */
const PEERS_REFRESH_MS = 30_000
const TRACE_PATH = /^\/traces\/([0-9a-f]{32})$/

function element<T extends HTMLElement> (id: string): T {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page has no #${id}`)
  return found as T
}

function main (): void {
  const form: FormElements = {
    form: element('trace-form'),
    target: element('target'),
    method: element('method'),
    port: element('port'),
    timeout: element('timeout'),
    maxHops: element('max-hops'),
    queries: element('queries'),
    rounds: element('rounds'),
    from: element('from'),
    limit: element('limit'),
    submit: element('start'),
    error: element('form-error')
  }
  const view = new TraceView({
    section: element('trace'),
    title: element('trace-title'),
    status: element('trace-status'),
    rows: element('rows'),
    summary: element('summary'),
    map: element('map')
  })
  setUpForm(form)
  const info: TraceInfoElements = {
    line: element('trace-info'),
    started: element('trace-started'),
    asked: element('trace-asked'),
    link: element('trace-link'),
    copy: element('trace-copy')
  }
  wireCopy(info)
  const historyList = element<HTMLOListElement>('history')
  const historyError = element('history-error')
  let stopFollowing = (): void => {}
  let historyAsked = 0

  const refreshHistory = async (): Promise<void> => {
    // Answers may come back out of order: only the latest question's answer is shown.
    const asked = ++historyAsked
    try {
      const entries = await listHistory(HISTORY_LIMIT)
      if (asked !== historyAsked) return
      renderHistory(historyList, entries, view.currentId)
      historyError.hidden = true
    } catch (err) {
      historyError.textContent = `history: ${(err as Error).message}`
      historyError.hidden = false
    }
  }

  const show = (id: string, target?: string): void => {
    stopFollowing()
    view.reset(id, target)
    hideTraceInfo(info)
    // An unknown id hides nothing else: the event stream's refusal says why in the status line.
    traceInfo(id).then((known) => { if (view.currentId === id) showTraceInfo(info, known) }, () => {})
    stopFollowing = followTrace(id, {
      result: (result, annotations) => { view.addResult(result, annotations) },
      summary: (summary) => {
        view.finish(summary)
        void refreshHistory()
      },
      failed: (reason) => { view.fail(reason) },
      interrupted: () => { view.interrupted() }
    })
    void refreshHistory()
  }

  const showLocation = (): void => {
    const match = TRACE_PATH.exec(location.pathname)
    if (match !== null) {
      show(match[1])
    } else {
      stopFollowing()
      view.hide()
      hideTraceInfo(info)
      void refreshHistory()
    }
  }

  form.form.addEventListener('submit', (event) => {
    event.preventDefault()
    const body = readForm(form)
    showFormError(form, undefined)
    form.submit.disabled = true
    startTrace(body).then((id) => {
      history.pushState(null, '', `/traces/${id}`)
      show(id, body.target)
    }, (err: unknown) => {
      showFormError(form, err instanceof ApiError ? err.message : `the node cannot be reached (${String(err)})`)
    }).finally(() => { form.submit.disabled = false })
  })
  window.addEventListener('popstate', showLocation)

  const peersList = element<HTMLOListElement>('peers')
  const peersError = element('peers-error')
  const refreshPeers = async (): Promise<void> => {
    try {
      renderPeers(peersList, await listPeers(), Date.now())
      peersError.hidden = true
    } catch (err) {
      peersError.textContent = `vantage points: ${(err as Error).message}`
      peersError.hidden = false
    }
  }
  void refreshPeers()
  setInterval(() => { void refreshPeers() }, PEERS_REFRESH_MS)

  nodeName().then((name) => {
    element('node-name').textContent = name
    document.title = `peertrace · ${name}`
  }, () => {})
  showLocation()
}

main()
