// The native socket layer's shared parts: a socket as the layer holds it, and what its files give each other.

#ifndef PEERTRACE_SOCKET_H
#define PEERTRACE_SOCKET_H

#include <sys/socket.h>
#include <node_api.h>
#include <uv.h>

/** Datagrams read by one recvmmsg call, and the room for each (ICMP errors quote at most ~1280 bytes). */
#define RECV_SLOTS 64
#define RECV_SLOT_BYTES 2048
#define CONTROL_BYTES 64
/** recvmmsg calls per readable event at most, so a flood cannot hold the event loop; the poll fires again. */
#define MAX_BATCHES_PER_EVENT 16

typedef struct {
  struct mmsghdr msgs[RECV_SLOTS];
  struct iovec iov[RECV_SLOTS];
  struct sockaddr_storage from[RECV_SLOTS];
  char control[RECV_SLOTS][CONTROL_BYTES];
  char data[RECV_SLOTS][RECV_SLOT_BYTES];
} recv_area;

typedef struct {
  uv_poll_t poll;
  napi_env env;
  int fd;
  /** A descriptor held for the socket's life and closed with it (a TCP flow's reserved source port), or -1. */
  int held_fd;
  int family;
  int port;
  int events;
  /** The hop limit last set on the socket; -1 before the first send. */
  int ttl;
  /** close() was called, or the handle was collected: no callback runs any more. */
  int closing;
  int handle_closed;
  int finalized;
  napi_ref on_datagrams;
  napi_ref on_writable;
  napi_async_context async_context;
  /** Where reads land; only sockets that are read (raw ICMP) have one. */
  recv_area *area;
} socket_t;

/** An Error with code ('EPERM', …), errno and syscall, like Node's own system errors (socket.c). */
napi_value errno_error (napi_env env, const char *syscall, int err);

/** Throws an errno error (socket.c). */
void throw_errno (napi_env env, const char *syscall, int err);

/** 4 or 6 from a JS number; 0, with a RangeError thrown, for anything else (socket.c). */
int family_arg (napi_env env, napi_value value);

/** Sets SO_RCVBUF/SO_SNDBUF, past net.core.*mem_max where the process may (socket.c). */
void set_buffer_size (int fd, int forced, int plain, int bytes);

/**
 * Wraps a new descriptor (and one held beside it, or -1): the socket object JS holds, its poll handle (started when
 * `events` is not 0). Closes both descriptors when it fails (socket.c).
 */
napi_value wrap (napi_env env, int fd, int held_fd, int family, int port, int events, napi_value on_datagrams,
  napi_value on_writable);

/** openTcp(family, source, remotePort, rcvbuf, sndbuf, onDatagrams, onWritable) (tcp.c). */
napi_value open_tcp (napi_env env, napi_callback_info info);

/** The poll callback: writable (a waiting send may go) and readable (drain the queue) events (receive.c). */
void on_poll (uv_poll_t *handle, int status, int events);

#endif
