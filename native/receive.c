// The native socket layer's read side: on every readable event, every datagram the socket has queued is read
// (recvmmsg until the queue is empty, at most MAX_BATCHES_PER_EVENT calls) and handed to JS in one call per batch,
// each with its source and its kernel receive time on the monotonic clock.

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include "socket.h"
#include "timestamps.h"

static void call_js (socket_t *s, napi_ref ref, size_t argc, napi_value *argv) {
  napi_value fn, recv, result;
  if (ref == NULL || napi_get_reference_value(s->env, ref, &fn) != napi_ok || fn == NULL) return;
  napi_get_global(s->env, &recv);
  if (napi_make_callback(s->env, s->async_context, recv, fn, argc, argv, &result) == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(s->env, &exception);
    napi_fatal_exception(s->env, exception);
  }
}

static void deliver_error (socket_t *s, const char *syscall, int err) {
  napi_value argv[4];
  argv[0] = errno_error(s->env, syscall, err);
  for (int i = 1; i < 4; i++) napi_create_array_with_length(s->env, 0, &argv[i]);
  call_js(s, s->on_datagrams, 4, argv);
}

/** One recvmmsg: -1 when nothing was queued or on error (reported), else the datagrams read, delivered. */
static int read_batch (socket_t *s) {
  recv_area *a = s->area;
  for (int i = 0; i < RECV_SLOTS; i++) {
    a->iov[i] = (struct iovec){ .iov_base = a->data[i], .iov_len = RECV_SLOT_BYTES };
    a->msgs[i].msg_hdr = (struct msghdr){
      .msg_name = &a->from[i], .msg_namelen = sizeof a->from[i], .msg_iov = &a->iov[i], .msg_iovlen = 1,
      .msg_control = a->control[i], .msg_controllen = CONTROL_BYTES
    };
  }
  int n;
  do n = recvmmsg(s->fd, a->msgs, RECV_SLOTS, MSG_DONTWAIT, NULL); while (n < 0 && errno == EINTR);
  if (n <= 0) {
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) deliver_error(s, "recvmmsg", errno);
    return -1;
  }
  // The clocks' offset, read once per batch: the monotonic reading brackets the wall-clock one.
  int64_t before = clock_ns(CLOCK_MONOTONIC);
  int64_t real_now = clock_ns(CLOCK_REALTIME);
  int64_t mono_now = before + (clock_ns(CLOCK_MONOTONIC) - before) / 2;

  napi_env env = s->env;
  napi_value argv[4], buffer, source, time;
  napi_get_null(env, &argv[0]);
  napi_create_array_with_length(env, n, &argv[1]);
  napi_create_array_with_length(env, n, &argv[2]);
  napi_create_array_with_length(env, n, &argv[3]);
  for (int i = 0; i < n; i++) {
    struct msghdr *msg = &a->msgs[i].msg_hdr;
    size_t length = a->msgs[i].msg_len < RECV_SLOT_BYTES ? a->msgs[i].msg_len : RECV_SLOT_BYTES;
    char text[INET6_ADDRSTRLEN] = "";
    if (a->from[i].ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a->from[i])->sin6_addr, text, sizeof text);
    } else {
      inet_ntop(AF_INET, &((struct sockaddr_in *)&a->from[i])->sin_addr, text, sizeof text);
    }
    napi_create_buffer_copy(env, length, a->data[i], NULL, &buffer);
    napi_create_string_latin1(env, text, NAPI_AUTO_LENGTH, &source);
    napi_create_double(env, ns_to_ms(receive_time(msg, mono_now, real_now)), &time);
    napi_set_element(env, argv[1], i, buffer);
    napi_set_element(env, argv[2], i, source);
    napi_set_element(env, argv[3], i, time);
  }
  call_js(s, s->on_datagrams, 4, argv);
  return n;
}

void on_poll (uv_poll_t *handle, int status, int events) {
  socket_t *s = handle->data;
  if (s->closing) return;
  napi_handle_scope scope;
  napi_open_handle_scope(s->env, &scope);
  if (status < 0) {
    uv_poll_stop(handle);
    deliver_error(s, "poll", -status);
  } else {
    if (events & UV_WRITABLE) {
      s->events &= ~UV_WRITABLE;
      if (s->events != 0) uv_poll_start(handle, s->events, on_poll);
      else uv_poll_stop(handle);
      call_js(s, s->on_writable, 0, NULL);
    }
    for (int batch = 0; (events & UV_READABLE) && !s->closing && batch < MAX_BATCHES_PER_EVENT; batch++) {
      napi_handle_scope inner;
      napi_open_handle_scope(s->env, &inner);
      int n = read_batch(s);
      napi_close_handle_scope(s->env, inner);
      if (n < RECV_SLOTS) break;
    }
  }
  napi_close_handle_scope(s->env, scope);
}
