// peertrace's native socket layer (Node-API, C): raw ICMP/ICMPv6 sockets and Paris UDP sockets for the probe
// engine (Paris TCP sockets: tcp.c), so that RTTs are wire RTTs. This file holds what JS calls: open, send (hop limit + sendto in one call,
// timed just before the syscall), wait for room, close. receive.c drains each readable socket, timestamps.c keeps
// kernel receive stamps on. Every time is CLOCK_MONOTONIC in ms: the clock behind Node's process.hrtime() and
// performance.now(), so JS converts with one constant offset (src/engine/socket/kernel-time.ts).

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <node_api.h>
#include <uv.h>
#include "socket.h"
#include "timestamps.h"

/** Linux's ICMP_FILTER option on raw IPv4 ICMP sockets (linux/icmp.h, which clashes with glibc's headers). */
#define PT_ICMP_FILTER 1

static const napi_type_tag SOCKET_TAG = { 0x7065657274726163ULL, 0x6e61746976652d31ULL };

#define CHECK(env, call)                                            \
  do {                                                              \
    if ((call) != napi_ok) { throw_status((env), #call); return NULL; } \
  } while (0)

static void throw_status (napi_env env, const char *what) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, "ERR_NATIVE", what);
}

/** An Error with code ('EPERM', …), errno and syscall, like Node's own system errors. */
napi_value errno_error (napi_env env, const char *syscall, int err) {
  char text[256];
  snprintf(text, sizeof text, "%s: %s", syscall, strerror(err));
  napi_value code, message, error, number, name;
  napi_create_string_utf8(env, uv_err_name(-err), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &error);
  napi_create_int32(env, err, &number);
  napi_set_named_property(env, error, "errno", number);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, error, "syscall", name);
  return error;
}

void throw_errno (napi_env env, const char *syscall, int err) {
  napi_throw(env, errno_error(env, syscall, err));
}

static socket_t *unwrap (napi_env env, napi_value handle) {
  bool tagged = false;
  void *s = NULL;
  if (napi_check_object_type_tag(env, handle, &SOCKET_TAG, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, handle, &s) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "not a peertrace native socket");
    return NULL;
  }
  return s;
}

/** The socket a one-argument function (localPort, awaitWritable, close) was called with; NULL with an exception. */
static socket_t *socket_arg (napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value handle;
  if (napi_get_cb_info(env, info, &argc, &handle, NULL, NULL) != napi_ok || argc < 1) {
    throw_status(env, "expected a socket");
    return NULL;
  }
  return unwrap(env, handle);
}

static void on_closed (uv_handle_t *handle) {
  socket_t *s = handle->data;
  close(s->fd);
  s->fd = -1;
  if (s->held_fd >= 0) close(s->held_fd);
  s->held_fd = -1;
  free(s->area);
  s->area = NULL;
  s->handle_closed = 1;
  if (s->finalized) free(s);
}

/** Stops polling and closes the descriptor once libuv has let go of it (never before: no use after close). */
static void close_handle (socket_t *s) {
  s->closing = 1;
  uv_close((uv_handle_t *)&s->poll, on_closed);
}

static void finalize (napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  socket_t *s = data;
  s->finalized = 1;
  // Collected without close(), or the environment is going away: release the descriptor only. The references are
  // left to the environment, which may be tearing down (no Node-API call is safe then).
  if (!s->closing) close_handle(s);
  else if (s->handle_closed) free(s);
}

napi_value wrap (napi_env env, int fd, int held_fd, int family, int port, int events, napi_value on_datagrams,
  napi_value on_writable) {
  uv_loop_t *loop;
  napi_value handle, name;
  socket_t *s = calloc(1, sizeof *s);
  if (s == NULL) { close(fd); if (held_fd >= 0) close(held_fd); throw_errno(env, "calloc", ENOMEM); return NULL; }
  s->env = env;
  s->fd = fd;
  s->held_fd = held_fd;
  s->family = family;
  s->port = port;
  s->ttl = -1;
  s->events = events;
  if (events & UV_READABLE) {
    s->area = malloc(sizeof *s->area);
    if (s->area == NULL) {
      close(fd);
      if (held_fd >= 0) close(held_fd);
      free(s);
      throw_errno(env, "malloc", ENOMEM);
      return NULL;
    }
  }
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init_socket(loop, &s->poll, fd) != 0) {
    close(fd); if (held_fd >= 0) close(held_fd); free(s->area); free(s);
    throw_status(env, "uv_poll_init_socket");
    return NULL;
  }
  s->poll.data = s;
  if (napi_create_object(env, &handle) != napi_ok || napi_type_tag_object(env, handle, &SOCKET_TAG) != napi_ok ||
      napi_wrap(env, handle, s, finalize, NULL, NULL) != napi_ok) {
    s->finalized = 1;
    close_handle(s);
    throw_status(env, "napi_wrap");
    return NULL;
  }
  napi_create_string_utf8(env, "peertrace:socket", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, handle, name, &s->async_context);
  if (on_datagrams != NULL) napi_create_reference(env, on_datagrams, 1, &s->on_datagrams);
  napi_create_reference(env, on_writable, 1, &s->on_writable);
  if (events != 0) uv_poll_start(&s->poll, events, on_poll);
  return handle;
}

void set_buffer_size (int fd, int forced, int plain, int bytes) {
  // The forced variant passes net.core.*mem_max (CAP_NET_ADMIN); the plain one is capped by it.
  if (bytes > 0 && setsockopt(fd, SOL_SOCKET, forced, &bytes, sizeof bytes) != 0) {
    setsockopt(fd, SOL_SOCKET, plain, &bytes, sizeof bytes);
  }
}

/** Lets through only the ICMP types the engine parses: fewer wake-ups for other processes' traffic. */
static void set_type_filter (napi_env env, int fd, int family, napi_value types) {
  uint32_t count = 0;
  napi_get_array_length(env, types, &count);
  struct icmp6_filter filter6;
  uint32_t blocked4 = ~0u;
  ICMP6_FILTER_SETBLOCKALL(&filter6);
  for (uint32_t i = 0; i < count; i++) {
    napi_value item;
    uint32_t type = 256;
    napi_get_element(env, types, i, &item);
    napi_get_value_uint32(env, item, &type);
    if (type < 32) blocked4 &= ~(1u << type);
    if (type < 256) ICMP6_FILTER_SETPASS(type, &filter6);
  }
  if (family == 6) setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter6, sizeof filter6);
  else setsockopt(fd, SOL_RAW, PT_ICMP_FILTER, &blocked4, sizeof blocked4);
}

int family_arg (napi_env env, napi_value value) {
  int32_t family = 0;
  napi_get_value_int32(env, value, &family);
  if (family == 4 || family == 6) return family;
  napi_throw_range_error(env, "ERR_INVALID_ARG_VALUE", "family must be 4 or 6");
  return 0;
}

/** openIcmp(family, rcvbuf, sndbuf, passTypes, onDatagrams(err, buffers, sources, times), onWritable()) */
static napi_value open_icmp (napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  int32_t rcvbuf = 0, sndbuf = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int family = family_arg(env, argv[0]);
  if (family == 0) return NULL;
  CHECK(env, napi_get_value_int32(env, argv[1], &rcvbuf));
  CHECK(env, napi_get_value_int32(env, argv[2], &sndbuf));
  hold_receive_timestamps();
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
    family == 6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  if (fd < 0) { throw_errno(env, "socket", errno); return NULL; }
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, "setsockopt(SO_TIMESTAMPNS)", err);
    return NULL;
  }
  set_buffer_size(fd, SO_RCVBUFFORCE, SO_RCVBUF, rcvbuf);
  set_buffer_size(fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf);
  set_type_filter(env, fd, family, argv[3]);
  return wrap(env, fd, -1, family, 0, UV_READABLE, argv[4], argv[5]);
}

/** openUdp(family, sndbuf, onWritable()): a UDP socket bound to a free port of its own (see localPort). */
static napi_value open_udp (napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t sndbuf = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int family = family_arg(env, argv[0]);
  if (family == 0) return NULL;
  CHECK(env, napi_get_value_int32(env, argv[1], &sndbuf));
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) { throw_errno(env, "socket", errno); return NULL; }
  struct sockaddr_storage local = { .ss_family = family == 6 ? AF_INET6 : AF_INET };
  socklen_t length = family == 6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  int on = 1;
  if (family == 6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  set_buffer_size(fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf);
  if (bind(fd, (struct sockaddr *)&local, length) != 0 || getsockname(fd, (struct sockaddr *)&local, &length) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, "bind", err);
    return NULL;
  }
  int port = ntohs(family == 6 ? ((struct sockaddr_in6 *)&local)->sin6_port : ((struct sockaddr_in *)&local)->sin_port);
  return wrap(env, fd, -1, family, port, 0, NULL, argv[2]);
}

static napi_value local_port (napi_env env, napi_callback_info info) {
  napi_value port;
  socket_t *s = socket_arg(env, info);
  if (s == NULL) return NULL;
  CHECK(env, napi_create_int32(env, s->port, &port));
  return port;
}

/**
 * send(socket, data, address, port, ttl): the monotonic ms just before the kernel took the datagram, or undefined
 * when it would block (wait with awaitWritable). The hop limit is set only when it changes.
 */
static napi_value send_datagram (napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5], result;
  void *data;
  size_t length, text_length;
  char text[INET6_ADDRSTRLEN + 1];
  int32_t port = 0, ttl = 0;
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  socket_t *s = unwrap(env, argv[0]);
  if (s == NULL) return NULL;
  if (s->closing) { throw_errno(env, "sendto", EBADF); return NULL; }
  CHECK(env, napi_get_buffer_info(env, argv[1], &data, &length));
  CHECK(env, napi_get_value_string_latin1(env, argv[2], text, sizeof text, &text_length));
  CHECK(env, napi_get_value_int32(env, argv[3], &port));
  CHECK(env, napi_get_value_int32(env, argv[4], &ttl));
  struct sockaddr_storage to = { 0 };
  socklen_t to_length;
  int parsed;
  if (s->family == 6) {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&to;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons((uint16_t)port);
    parsed = inet_pton(AF_INET6, text, &sin6->sin6_addr);
    to_length = sizeof *sin6;
  } else {
    struct sockaddr_in *sin = (struct sockaddr_in *)&to;
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    parsed = inet_pton(AF_INET, text, &sin->sin_addr);
    to_length = sizeof *sin;
  }
  if (parsed != 1) { throw_errno(env, "inet_pton", EINVAL); return NULL; }
  if (ttl != s->ttl) {
    int rc = s->family == 6
      ? setsockopt(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl)
      : setsockopt(s->fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
    if (rc != 0) { throw_errno(env, "setsockopt(TTL)", errno); return NULL; }
    s->ttl = ttl;
  }
  int64_t at;
  ssize_t sent;
  // Timed before the call: on a veth the answer can come back before sendto returns.
  do {
    at = clock_ns(CLOCK_MONOTONIC);
    sent = sendto(s->fd, data, length, 0, (struct sockaddr *)&to, to_length);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) { napi_get_undefined(env, &result); return result; }
    throw_errno(env, "sendto", errno);
    return NULL;
  }
  CHECK(env, napi_create_double(env, ns_to_ms(at), &result));
  return result;
}

/** awaitWritable(socket): onWritable() is called once, when the socket can take a datagram again. */
static napi_value await_writable (napi_env env, napi_callback_info info) {
  socket_t *s = socket_arg(env, info);
  if (s == NULL || s->closing) return NULL;
  s->events |= UV_WRITABLE;
  int rc = uv_poll_start(&s->poll, s->events, on_poll);
  if (rc != 0) throw_errno(env, "uv_poll_start", -rc);
  return NULL;
}

/** close(socket): idempotent. No callback runs after it; the descriptor closes when libuv releases the handle. */
static napi_value close_socket (napi_env env, napi_callback_info info) {
  socket_t *s = socket_arg(env, info);
  if (s == NULL || s->closing) return NULL;
  close_handle(s);
  if (s->on_datagrams != NULL) napi_delete_reference(env, s->on_datagrams);
  if (s->on_writable != NULL) napi_delete_reference(env, s->on_writable);
  napi_async_destroy(env, s->async_context);
  s->on_datagrams = NULL;
  s->on_writable = NULL;
  s->async_context = NULL;
  return NULL;
}

static void release (void *arg) {
  (void)arg;
  release_receive_timestamps();
}

NAPI_MODULE_INIT () {
  napi_add_env_cleanup_hook(env, release, NULL);
  napi_property_descriptor functions[] = {
    { "openIcmp", NULL, open_icmp, NULL, NULL, NULL, napi_enumerable, NULL },
    { "openUdp", NULL, open_udp, NULL, NULL, NULL, napi_enumerable, NULL },
    { "openTcp", NULL, open_tcp, NULL, NULL, NULL, napi_enumerable, NULL },
    { "localPort", NULL, local_port, NULL, NULL, NULL, napi_enumerable, NULL },
    { "send", NULL, send_datagram, NULL, NULL, NULL, napi_enumerable, NULL },
    { "awaitWritable", NULL, await_writable, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, close_socket, NULL, NULL, NULL, napi_enumerable, NULL }
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}
