/*
 * nlkit native socket layer: shared declarations of the addon's files.
 *
 *   addon.c   the functions exported to JS (see its header comment)
 *   socket.c  a socket handle's life: close, free, event-loop reading
 *   recv.c    reading datagrams: one recvmsg each into slabs, a spill area for long ones
 *   reader.c  the reader thread used for long dumps
 *   errors.c  Node-style errors from errno values
 *
 * Nothing here is visible outside the addon.
 */
#ifndef NLKIT_NLSOCK_H
#define NLKIT_NLSOCK_H

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <node_api.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uv.h>

#pragma GCC visibility push(hidden)

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Space kept free before each receive: the kernel sizes dump batches from
 * the buffer length it sees (up to 32 KiB), so always offer at least this. */
#define MIN_SPACE (64 * 1024)
/* Size of a receive slab; a bigger one is made for a datagram that needs it. */
#define SLAB_SIZE (256 * 1024)
/* u32 entries per datagram in the meta array (after meta[0] = count). */
#define META_FIELDS 6
/* Most datagrams handed to JS in one call. */
#define MAX_DATAGRAMS 4096
/* Most datagrams in one batch of the reader thread, and batches it may queue. */
#define BATCH_DATAGRAMS 1024
#define MAX_QUEUED 4
/* Size of the spill area, the second iovec of every read (address space
 * only: no memory is used until a datagram needs it). A datagram longer
 * than the free space plus this is reported as EMSGSIZE. */
#define SPILL_SIZE ((size_t)(sizeof(void *) >= 8 ? 64 : 1) << 20)
/* Most chunks in one sendmsg. */
#define MAX_IOV 1024

/* What the reader thread hands over: datagrams back to back, and their entries. */
typedef struct batch {
	uint8_t *data;
	size_t cap;
	size_t len;
	uint32_t count;
	struct batch *next;
	uint32_t meta[BATCH_DATAGRAMS * META_FIELDS];
} batch;

/* One netlink socket. JS holds it as an external; it is freed once the JS
 * handle is collected and every libuv handle of it is closed. */
typedef struct nl_sock {
	int fd;
	int closed;
	int poll_init;   /* uv_poll_init done */
	int poll_closed; /* uv_close callback ran */
	int finalized;   /* JS handle collected */
	int paused;
	int refed;
	uv_poll_t poll;
	napi_env env;
	napi_ref cb;
	napi_async_context actx;
	/* Receive slab: a JS ArrayBuffer datagrams are read into, back to back.
	 * Messages handed to JS are views into it, so it is never rewritten:
	 * when too little space is left, a new slab replaces it. */
	napi_ref slab_ref;
	uint8_t *slab;
	size_t slab_cap;
	size_t slab_off;
	/* Persistent Uint32Array for the per-datagram entries (META_FIELDS each). */
	napi_ref meta_ref;
	uint32_t *meta;
	/* Spill area (see SPILL_SIZE), mapped at open. */
	uint8_t *spill;
	/* Reader thread (for long dumps): it reads into malloc'd batches that
	 * the loop thread copies into ArrayBuffers for JS, so the kernel's dump
	 * work (done inside recvmsg) overlaps with decoding in JS. */
	int thr_mode;      /* thread running, or its batches not all delivered: poll and drain stay off */
	int thr_running;
	int thr_stop;
	int thr_init;      /* mutex, cond, async, eventfd made */
	int async_closed;
	int efd;
	uv_thread_t thr;
	uv_mutex_t mu;
	uv_cond_t cv;
	uv_async_t async;
	struct batch *qhead, *qtail;
	int qlen;
	struct batch *pool; /* delivered batches, reused (no malloc churn between threads) */
	int pool_len;
} nl_sock;

#define CHECK(call)                                                            \
	do {                                                                   \
		if ((call) != napi_ok)                                         \
			return throw_msg(env, "nlkit native: N-API call failed"); \
	} while (0)

/* read_datagram results */
enum { RD_AGAIN, RD_OK, RD_ERR, RD_SPLIT };

/* errors.c */
napi_value throw_msg(napi_env env, const char *msg);
napi_value throw_errno(napi_env env, int err, const char *syscall);

/* socket.c */
void maybe_free(nl_sock *s);
void on_async_closed(uv_handle_t *h);
void do_close(nl_sock *s, int from_finalizer);
void finalize_sock(napi_env env, void *data, void *hint);
int batch_values(nl_sock *s, uint32_t count, napi_value out[3]);
void deliver(nl_sock *s, uint32_t count);
void on_readable(uv_poll_t *p, int status, int events);
nl_sock *get_sock(napi_env env, napi_value v, int must_be_open);

/* recv.c */
int ensure_slab(nl_sock *s, size_t need);
int ensure_meta(nl_sock *s);
int map_spill(nl_sock *s);
void unmap_spill(nl_sock *s);
void release_spill(nl_sock *s, size_t used);
void error_entry(uint32_t *m, int err);
int read_datagram(nl_sock *s, uint8_t *dst, size_t space, size_t off, uint32_t *m, size_t *adv, size_t *need, int *cont);
uint32_t drain(nl_sock *s, uint32_t count, uint32_t limit);

/* reader.c */
void free_queue(nl_sock *s);
void stop_thread(nl_sock *s);
int set_thread(nl_sock *s, int on);

#pragma GCC visibility pop

#endif
