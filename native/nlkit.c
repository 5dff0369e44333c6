/*
 * nlkit native socket layer: the syscalls behind nlkit's netlink sockets and
 * nothing else. Framing, validation and decoding live in TypeScript.
 *
 * Exports (all synchronous; errors are thrown as Error objects carrying
 * `code` ('EPERM'), `errno` (positive number) and `syscall`):
 *
 *   open(protocol, netns, onData)   -> handle
 *       netns: null (current namespace), a path (string) or an fd (number).
 *       onData(slab: ArrayBuffer, meta: Uint32Array, count: number) is
 *       called from the event loop with every datagram drained on one
 *       readiness event. Datagrams are read straight into `slab` (which is
 *       never rewritten: views into it stay valid); `meta` is the same
 *       array on every call, valid until the next read: meta[0] = count,
 *       then 6 u32 per datagram from index 1: offset in slab, length,
 *       sender port id, multicast group (0 = unicast), errno (0 = ok),
 *       peer namespace id + 1 (NETLINK_LISTEN_ALL_NSID; 0 = none).
 *   bind(handle, portId, groups)
 *   portId(handle)                  -> number (getsockname)
 *   send(handle, chunks: Uint8Array | Uint8Array[], destPort = 0) -> bytes
 *       sent (one sendmsg with an iovec; destPort 0 is the kernel)
 *   setIntOption(handle, level, name, value)
 *   getIntOption(handle, level, name) -> number
 *   attachFilter(handle, program: Uint8Array) (struct sock_filter[])
 *   detachFilter(handle)
 *   ref(handle, bool)               keep the event loop alive or not
 *   pause(handle, bool)             stop/restart reading (backpressure)
 *   close(handle)
 *   drain(handle, limit = 0) -> [buffer, meta, count] | undefined: read
 *       what is queued now (at most `limit` datagrams if not 0),
 *       synchronously (same format as onData)
 *   thread(handle, bool)            read on a thread of its own (long dumps:
 *       the kernel's dump work overlaps with JS) or on the event loop
 *   fd(handle)                      -> number, or -1 once closed
 *
 * No state lives outside the per-socket handle.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <node_api.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uv.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Space kept free before each receive: the kernel sizes dump batches from
 * the buffer length it sees (up to 32 KiB), so always offer at least this. */
#define MIN_SPACE (64 * 1024)
/* Size of a receive slab; a bigger one is made for a datagram that needs it. */
#define SLAB_SIZE (256 * 1024)
#define META_FIELDS 6
#define MAX_DATAGRAMS 4096

#define BATCH_DATAGRAMS 1024
#define MAX_QUEUED 4

/* What the reader thread hands over: datagrams back to back, and their entries. */
typedef struct batch {
	uint8_t *data;
	size_t cap;
	size_t len;
	uint32_t count;
	struct batch *next;
	uint32_t meta[BATCH_DATAGRAMS * META_FIELDS];
} batch;

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
	/* Reader thread (for long dumps): it reads into malloc'd batches that
	 * the loop thread hands to JS as external ArrayBuffers, so the kernel's
	 * dump work (done inside recvmsg) overlaps with decoding in JS. */
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

static napi_value throw_msg(napi_env env, const char *msg)
{
	bool pending = false;
	napi_is_exception_pending(env, &pending);
	if (!pending)
		napi_throw_error(env, NULL, msg);
	return NULL;
}

static napi_value make_errno_error(napi_env env, int err, const char *syscall)
{
	const char *name = strerrorname_np(err);
	char code[32];
	char msg[256];
	if (!name) {
		snprintf(code, sizeof(code), "E%d", err);
		name = code;
	}
	snprintf(msg, sizeof(msg), "%s %s: %s", syscall, name, strerror(err));
	napi_value m, c, e, n, s;
	napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
	napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &c);
	napi_create_error(env, c, m, &e);
	napi_create_int32(env, err, &n);
	napi_set_named_property(env, e, "errno", n);
	napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &s);
	napi_set_named_property(env, e, "syscall", s);
	return e;
}

static napi_value throw_errno(napi_env env, int err, const char *syscall)
{
	napi_value e = make_errno_error(env, err, syscall);
	napi_throw(env, e);
	return NULL;
}

static void maybe_free(nl_sock *s)
{
	if (s->finalized && (!s->poll_init || s->poll_closed) && (!s->thr_init || s->async_closed)) {
		if (s->thr_init) {
			uv_mutex_destroy(&s->mu);
			uv_cond_destroy(&s->cv);
		}
		free(s);
	}
}

static void on_async_closed(uv_handle_t *h)
{
	nl_sock *s = h->data;
	s->async_closed = 1;
	maybe_free(s);
}

static void stop_thread(nl_sock *s);
static void free_queue(nl_sock *s);

static void on_poll_closed(uv_handle_t *h)
{
	nl_sock *s = h->data;
	s->poll_closed = 1;
	maybe_free(s);
}

/* Releases the fd, the poll handle and the callback. Idempotent. */
static void do_close(nl_sock *s, int from_finalizer)
{
	if (s->closed)
		return;
	s->closed = 1;
	if (s->poll_init) {
		uv_poll_stop(&s->poll);
		uv_close((uv_handle_t *)&s->poll, on_poll_closed);
	}
	if (s->thr_init) {
		stop_thread(s); /* joins it: the fd is not in use after this */
		free_queue(s);
		close(s->efd);
		uv_close((uv_handle_t *)&s->async, on_async_closed);
	}
	close(s->fd);
	s->fd = -1;
	if (!from_finalizer) {
		if (s->slab_ref) {
			napi_delete_reference(s->env, s->slab_ref);
			s->slab_ref = NULL;
		}
		if (s->meta_ref) {
			napi_delete_reference(s->env, s->meta_ref);
			s->meta_ref = NULL;
		}
		if (s->cb) {
			napi_delete_reference(s->env, s->cb);
			s->cb = NULL;
		}
		if (s->actx) {
			napi_async_destroy(s->env, s->actx);
			s->actx = NULL;
		}
	}
}

static void finalize_sock(napi_env env, void *data, void *hint)
{
	nl_sock *s = data;
	do_close(s, 1);
	s->finalized = 1;
	maybe_free(s);
}

/* Makes sure a slab with at least `need` free bytes is current. Needs an
 * open handle scope. Returns -1 if JS memory could not be had. */
static int ensure_slab(nl_sock *s, size_t need)
{
	if (s->slab && s->slab_cap - s->slab_off >= need)
		return 0;
	size_t cap = SLAB_SIZE;
	while (cap < need)
		cap *= 2;
	napi_value ab;
	void *data = NULL;
	if (napi_create_arraybuffer(s->env, cap, &data, &ab) != napi_ok)
		return -1;
	if (s->slab_ref)
		napi_delete_reference(s->env, s->slab_ref);
	if (napi_create_reference(s->env, ab, 1, &s->slab_ref) != napi_ok) {
		s->slab_ref = NULL;
		s->slab = NULL;
		return -1;
	}
	s->slab = data;
	s->slab_cap = cap;
	s->slab_off = 0;
	return 0;
}

/* Creates the persistent meta array on first use. Needs a handle scope. */
static int ensure_meta(nl_sock *s)
{
	if (s->meta)
		return 0;
	napi_value ab, arr;
	void *data = NULL;
	size_t n = 1 + (size_t)MAX_DATAGRAMS * META_FIELDS;
	if (napi_create_arraybuffer(s->env, n * sizeof(uint32_t), &data, &ab) != napi_ok)
		return -1;
	if (napi_create_typedarray(s->env, napi_uint32_array, n, ab, 0, &arr) != napi_ok)
		return -1;
	if (napi_create_reference(s->env, arr, 1, &s->meta_ref) != napi_ok)
		return -1;
	s->meta = data;
	return 0;
}

enum { RD_AGAIN, RD_OK, RD_ERR, RD_BIG };

/* Reads one datagram into dst (space bytes free) and fills its entry m
 * (offset `off`). The datagram is first peeked with MSG_TRUNC so its full
 * size is known before it is consumed: nothing is ever truncated. Returns
 * RD_OK (*adv = bytes used), RD_ERR (an errno entry was written; *cont says
 * whether reading may go on), RD_BIG (*need = the datagram's size, nothing
 * consumed) or RD_AGAIN (nothing queued). */
static int read_datagram(int fd, uint8_t *dst, size_t space, size_t off, uint32_t *m, size_t *adv, size_t *need, int *cont)
{
	struct sockaddr_nl sa;
	char cbuf[CMSG_SPACE(sizeof(struct nl_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = dst, .iov_len = space};
	struct msghdr mh = {
	    .msg_name = &sa,
	    .msg_namelen = sizeof(sa),
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = cbuf,
	    .msg_controllen = sizeof(cbuf),
	};
	memset(&sa, 0, sizeof(sa));
	ssize_t r;
	do {
		r = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return RD_AGAIN;
		/* ENOBUFS: the kernel dropped messages; report and go on. */
		m[0] = 0; m[1] = 0; m[2] = 0; m[3] = 0; m[4] = (uint32_t)errno; m[5] = 0;
		*cont = errno == ENOBUFS;
		return RD_ERR;
	}
	if ((size_t)r > space) {
		*need = (size_t)r;
		return RD_BIG;
	}
	/* Consume the datagram just copied: no second copy. If a socket error
	 * (ENOBUFS) was raised since the peek, this call reports it without
	 * dequeuing: record the error; the datagram is read again next. */
	ssize_t c;
	do {
		c = recv(fd, NULL, 0, MSG_DONTWAIT | MSG_TRUNC);
	} while (c < 0 && errno == EINTR);
	if (c < 0) {
		m[0] = 0; m[1] = 0; m[2] = 0; m[3] = 0; m[4] = (uint32_t)errno; m[5] = 0;
		*cont = errno == ENOBUFS;
		return RD_ERR;
	}
	uint32_t group = sa.nl_groups, nsid = 0;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == SOL_NETLINK && cm->cmsg_type == NETLINK_PKTINFO) {
			struct nl_pktinfo pi;
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			group = pi.group;
		} else if (cm->cmsg_level == SOL_NETLINK && cm->cmsg_type == NETLINK_LISTEN_ALL_NSID) {
			int id;
			memcpy(&id, CMSG_DATA(cm), sizeof(id));
			nsid = (uint32_t)id + 1; /* 0 means: no nsid */
		}
	}
	if (group && sa.nl_groups && group == sa.nl_groups && !(group & (group - 1))) {
		/* legacy bitmask with a single bit: turn it into a group number */
		group = (uint32_t)__builtin_ctz(group) + 1;
	}
	m[0] = (uint32_t)off; m[1] = (uint32_t)r; m[2] = sa.nl_pid; m[3] = group; m[4] = 0; m[5] = nsid;
	*adv = ((size_t)r + 3) & ~(size_t)3;
	return RD_OK;
}

/* Drains queued datagrams into the slab and records them in s->meta
 * (entries start at index 1; offsets are into the current slab). The batch
 * ends when the slab runs short of space (the next round starts a new
 * slab), at MAX_DATAGRAMS, or when nothing is queued. `count` may already
 * hold entries (a socket error). Needs an open handle scope. Returns the
 * number of entries. */
static uint32_t drain(nl_sock *s, uint32_t count, uint32_t limit)
{
	if (ensure_meta(s) < 0)
		return count;
	if (count == 0 && ensure_slab(s, MIN_SPACE) < 0)
		return count;
	uint32_t max = limit && limit < MAX_DATAGRAMS ? limit : MAX_DATAGRAMS;
	while (count < max && !s->closed) {
		size_t free_space = s->slab ? s->slab_cap - s->slab_off : 0;
		if (free_space < MIN_SPACE) {
			if (count > 0)
				break; /* offsets of this batch are in this slab */
			if (ensure_slab(s, MIN_SPACE) < 0)
				break;
			free_space = s->slab_cap - s->slab_off;
		}
		size_t adv = 0, need = 0;
		int cont = 0;
		uint32_t *m = &s->meta[1 + count * META_FIELDS];
		int rd = read_datagram(s->fd, s->slab + s->slab_off, free_space, s->slab_off, m, &adv, &need, &cont);
		if (rd == RD_AGAIN)
			break;
		if (rd == RD_ERR) {
			count++;
			if (cont)
				continue;
			break;
		}
		if (rd == RD_BIG) {
			if (count > 0)
				break; /* read it into a fresh slab next round */
			if (ensure_slab(s, need + MIN_SPACE) < 0)
				break;
			continue; /* peek again into the larger slab */
		}
		count++;
		s->slab_off += adv;
	}
	if (s->meta)
		s->meta[0] = count;
	return count;
}

/* ---- reader thread ---------------------------------------------------- */

static void free_list(batch *b)
{
	while (b) {
		batch *n = b->next;
		free(b->data);
		free(b);
		b = n;
	}
}

static void free_queue(nl_sock *s)
{
	free_list(s->qhead);
	s->qhead = s->qtail = NULL;
	s->qlen = 0;
	free_list(s->pool);
	s->pool = NULL;
	s->pool_len = 0;
}

/* Blocks until the fd is readable or a stop is asked for; 1 = stop. */
static int wait_readable(nl_sock *s)
{
	struct pollfd pf[2] = {{.fd = s->fd, .events = POLLIN}, {.fd = s->efd, .events = POLLIN}};
	for (;;) {
		int r = poll(pf, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return 1;
		if (pf[1].revents)
			return 1;
		return 0;
	}
}

static void reader_main(void *arg)
{
	nl_sock *s = arg;
	for (;;) {
		uv_mutex_lock(&s->mu);
		while (!s->thr_stop && s->qlen >= MAX_QUEUED)
			uv_cond_wait(&s->cv, &s->mu);
		int stop = s->thr_stop;
		uv_mutex_unlock(&s->mu);
		if (stop)
			return;
		uv_mutex_lock(&s->mu);
		batch *b = s->pool;
		if (b) {
			s->pool = b->next;
			s->pool_len--;
		}
		uv_mutex_unlock(&s->mu);
		if (!b) {
			b = malloc(sizeof(*b));
			if (!b)
				return;
			b->cap = SLAB_SIZE;
			b->data = malloc(b->cap);
			if (!b->data) {
				free(b);
				return;
			}
		}
		size_t cap = b->cap;
		b->len = 0;
		b->count = 0;
		b->next = NULL;
		int stopping = 0;
		while (b->count < BATCH_DATAGRAMS) {
			if (cap - b->len < MIN_SPACE)
				break;
			size_t adv = 0, need = 0;
			int cont = 0;
			uint32_t *m = &b->meta[b->count * META_FIELDS];
			int rd = read_datagram(s->fd, b->data + b->len, cap - b->len, b->len, m, &adv, &need, &cont);
			if (rd == RD_AGAIN) {
				if (b->count > 0)
					break; /* hand over what we have */
				if (wait_readable(s)) {
					stopping = 1;
					break;
				}
				continue;
			}
			if (rd == RD_ERR) {
				b->count++;
				if (cont)
					continue;
				stopping = 1;
				break;
			}
			if (rd == RD_BIG) {
				if (b->count > 0)
					break;
				uint8_t *nd = realloc(b->data, need + MIN_SPACE);
				if (!nd) {
					stopping = 1;
					break;
				}
				b->data = nd;
				cap = b->cap = need + MIN_SPACE;
				continue;
			}
			b->count++;
			b->len += adv;
		}
		if (b->count == 0) {
			uv_mutex_lock(&s->mu);
			b->next = s->pool;
			s->pool = b;
			s->pool_len++;
			uv_mutex_unlock(&s->mu);
		} else {
			uv_mutex_lock(&s->mu);
			if (s->qtail)
				s->qtail->next = b;
			else
				s->qhead = b;
			s->qtail = b;
			s->qlen++;
			uv_mutex_unlock(&s->mu);
			uv_async_send(&s->async);
		}
		if (stopping)
			return;
	}
}

static void on_readable(uv_poll_t *p, int status, int events);

/* Loop thread: hands every queued batch to JS; once the thread is stopped
 * and the queue is empty, reading goes back to readiness events. */
static void on_async(uv_async_t *a)
{
	nl_sock *s = a->data;
	if (s->closed)
		return;
	napi_handle_scope scope;
	if (napi_open_handle_scope(s->env, &scope) != napi_ok)
		return;
	while (!s->closed && !s->paused && ensure_meta(s) == 0) {
		uv_mutex_lock(&s->mu);
		batch *b = s->qhead;
		if (b) {
			s->qhead = b->next;
			if (!s->qhead)
				s->qtail = NULL;
			s->qlen--;
			uv_cond_signal(&s->cv);
		}
		uv_mutex_unlock(&s->mu);
		if (!b)
			break;
		napi_value argv[3], cb, recv, result;
		/* Copied into a V8-owned ArrayBuffer (a memcpy per 256 KiB batch):
		 * V8 then sees the memory and collects old batches in time. */
		void *copy = NULL;
		int ok = napi_create_arraybuffer(s->env, b->len, &copy, &argv[0]) == napi_ok;
		if (ok && b->len)
			memcpy(copy, b->data, b->len);
		uint32_t count = b->count;
		s->meta[0] = count;
		memcpy(&s->meta[1], b->meta, (size_t)count * META_FIELDS * sizeof(uint32_t));
		uv_mutex_lock(&s->mu);
		if (s->pool_len < MAX_QUEUED + 2 && b->cap == SLAB_SIZE) {
			b->next = s->pool;
			s->pool = b;
			s->pool_len++;
			b = NULL;
		}
		uv_mutex_unlock(&s->mu);
		if (b) {
			free(b->data);
			free(b);
		}
		if (!ok || napi_get_reference_value(s->env, s->meta_ref, &argv[1]) != napi_ok ||
		    napi_create_uint32(s->env, count, &argv[2]) != napi_ok || !s->cb ||
		    napi_get_reference_value(s->env, s->cb, &cb) != napi_ok || !cb)
			continue;
		napi_get_global(s->env, &recv);
		if (napi_make_callback(s->env, s->actx, recv, cb, 3, argv, &result) == napi_pending_exception) {
			napi_value exc;
			napi_get_and_clear_last_exception(s->env, &exc);
			napi_fatal_exception(s->env, exc);
		}
	}
	if (!s->closed && !s->thr_running && s->thr_mode) {
		uv_mutex_lock(&s->mu);
		int empty = s->qhead == NULL;
		uv_mutex_unlock(&s->mu);
		if (empty) {
			s->thr_mode = 0;
			if (!s->paused)
				uv_poll_start(&s->poll, UV_READABLE, on_readable);
		}
	}
	napi_close_handle_scope(s->env, scope);
}

static void stop_thread(nl_sock *s)
{
	if (!s->thr_running)
		return;
	uv_mutex_lock(&s->mu);
	s->thr_stop = 1;
	uv_cond_signal(&s->cv);
	uv_mutex_unlock(&s->mu);
	uint64_t one = 1;
	ssize_t w = write(s->efd, &one, sizeof(one));
	(void)w;
	uv_thread_join(&s->thr);
	s->thr_running = 0;
	/* clear the wake-up for the next start */
	uint64_t v;
	ssize_t rr = read(s->efd, &v, sizeof(v));
	(void)rr;
}

/* Starts (1) or stops (0) the reader thread. Returns 0 or an errno. */
static int set_thread(nl_sock *s, int on)
{
	if (on) {
		if (s->thr_running)
			return 0;
		if (!s->thr_init) {
			s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
			if (s->efd < 0)
				return errno;
			uv_loop_t *loop;
			if (napi_get_uv_event_loop(s->env, &loop) != napi_ok || uv_mutex_init(&s->mu) != 0) {
				close(s->efd);
				return ENOMEM;
			}
			uv_cond_init(&s->cv);
			uv_async_init(loop, &s->async, on_async);
			s->async.data = s;
			if (!s->refed)
				uv_unref((uv_handle_t *)&s->async);
			s->thr_init = 1;
		}
		uv_poll_stop(&s->poll);
		s->thr_mode = 1;
		s->thr_stop = 0;
		if (uv_thread_create(&s->thr, reader_main, s) != 0) {
			s->thr_mode = 0;
			if (!s->paused)
				uv_poll_start(&s->poll, UV_READABLE, on_readable);
			return EAGAIN;
		}
		s->thr_running = 1;
		return 0;
	}
	if (!s->thr_running)
		return 0;
	stop_thread(s);
	/* batches still queued are delivered by on_async, which then restarts polling */
	uv_async_send(&s->async);
	return 0;
}

/* Builds the (slab, meta, count) values handed to JS. */
static int batch_values(nl_sock *s, uint32_t count, napi_value out[3])
{
	napi_env env = s->env;
	if (!s->slab_ref || napi_get_reference_value(env, s->slab_ref, &out[0]) != napi_ok || !out[0]) {
		if (napi_create_arraybuffer(env, 0, NULL, &out[0]) != napi_ok)
			return -1;
	}
	if (!s->meta_ref || napi_get_reference_value(env, s->meta_ref, &out[1]) != napi_ok || !out[1])
		return -1;
	if (napi_create_uint32(env, count, &out[2]) != napi_ok)
		return -1;
	return 0;
}

static void deliver(nl_sock *s, uint32_t count)
{
	napi_env env = s->env;
	napi_value argv[3], cb, recv, result;
	if (batch_values(s, count, argv) < 0)
		return;
	if (!s->cb || napi_get_reference_value(env, s->cb, &cb) != napi_ok || !cb)
		return;
	napi_get_global(env, &recv); /* make_callback needs an object receiver */
	/* make_callback runs microtasks afterwards, so promises settle now. */
	if (napi_make_callback(env, s->actx, recv, cb, 3, argv, &result) == napi_pending_exception) {
		napi_value exc;
		napi_get_and_clear_last_exception(env, &exc);
		napi_fatal_exception(env, exc);
	}
}

static void on_readable(uv_poll_t *p, int status, int events)
{
	nl_sock *s = p->data;
	if (s->closed)
		return;
	napi_handle_scope scope;
	if (napi_open_handle_scope(s->env, &scope) != napi_ok)
		return;
	uint32_t count = 0;
	if (status < 0 && ensure_meta(s) == 0) {
		/* libuv reports EPOLLERR as UV_EBADF and stops the handle. On a
		 * netlink socket that means a pending socket error (ENOBUFS after
		 * an overrun): fetch and clear it, report it, and keep reading. */
		int soerr = 0;
		socklen_t sl = sizeof(soerr);
		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			soerr = errno;
		if (!s->paused && !s->thr_mode)
			uv_poll_start(&s->poll, UV_READABLE, on_readable);
		if (soerr) {
			uint32_t *m = &s->meta[1];
			m[0] = 0; m[1] = 0; m[2] = 0; m[3] = 0; m[4] = (uint32_t)soerr; m[5] = 0;
			count++;
		}
	}
	count = drain(s, count, 0);
	if (count)
		deliver(s, count);
	napi_close_handle_scope(s->env, scope);
}

static nl_sock *get_sock(napi_env env, napi_value v, int must_be_open)
{
	void *data = NULL;
	if (napi_get_value_external(env, v, &data) != napi_ok || !data) {
		napi_throw_type_error(env, NULL, "nlkit native: not a socket handle");
		return NULL;
	}
	nl_sock *s = data;
	if (must_be_open && s->closed) {
		throw_errno(env, EBADF, "netlink socket closed");
		return NULL;
	}
	return s;
}

static napi_value js_open(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3)
		return throw_msg(env, "open(protocol, netns, onData)");
	int32_t proto;
	if (napi_get_value_int32(env, argv[0], &proto) != napi_ok)
		return throw_msg(env, "protocol must be a number");
	napi_valuetype nt;
	CHECK(napi_typeof(env, argv[1], &nt));
	int nsfd = -1, own_nsfd = 0;
	if (nt == napi_string) {
		char path[4096];
		size_t len;
		CHECK(napi_get_value_string_utf8(env, argv[1], path, sizeof(path), &len));
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			return throw_errno(env, errno, "open netns");
		own_nsfd = 1;
	} else if (nt == napi_number) {
		CHECK(napi_get_value_int32(env, argv[1], &nsfd));
	}
	int fd;
	if (nsfd >= 0) {
		int cur = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		if (cur < 0) {
			int e = errno;
			if (own_nsfd)
				close(nsfd);
			return throw_errno(env, e, "open /proc/thread-self/ns/net");
		}
		if (setns(nsfd, CLONE_NEWNET) < 0) {
			int e = errno;
			close(cur);
			if (own_nsfd)
				close(nsfd);
			return throw_errno(env, e, "setns");
		}
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
		int e = errno;
		if (setns(cur, CLONE_NEWNET) < 0)
			napi_fatal_error("nlkit", NAPI_AUTO_LENGTH,
			                 "could not return to the original network namespace after setns",
			                 NAPI_AUTO_LENGTH);
		close(cur);
		if (own_nsfd)
			close(nsfd);
		errno = e;
	} else {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	}
	if (fd < 0)
		return throw_errno(env, errno, "socket");

	nl_sock *s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return throw_msg(env, "out of memory");
	}
	s->fd = fd;
	s->env = env;
	napi_value ext, name;
	if (napi_create_external(env, s, finalize_sock, NULL, &ext) != napi_ok) {
		close(fd);
		free(s);
		return throw_msg(env, "nlkit native: napi_create_external failed");
	}
	CHECK(napi_create_reference(env, argv[2], 1, &s->cb));
	CHECK(napi_create_string_utf8(env, "nlkit:netlink", NAPI_AUTO_LENGTH, &name));
	CHECK(napi_async_init(env, ext, name, &s->actx));
	uv_loop_t *loop;
	CHECK(napi_get_uv_event_loop(env, &loop));
	if (uv_poll_init(loop, &s->poll, fd) != 0) {
		do_close(s, 0);
		return throw_msg(env, "uv_poll_init failed");
	}
	s->poll.data = s;
	s->poll_init = 1;
	uv_poll_start(&s->poll, UV_READABLE, on_readable);
	uv_unref((uv_handle_t *)&s->poll);
	return ext;
}

static napi_value js_bind(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	uint32_t pid = 0, groups = 0;
	napi_get_value_uint32(env, argv[1], &pid);
	napi_get_value_uint32(env, argv[2], &groups);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_pid = pid, .nl_groups = groups};
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return throw_errno(env, errno, "bind");
	return NULL;
}

static napi_value js_port_id(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);
	memset(&sa, 0, sizeof(sa));
	if (getsockname(s->fd, (struct sockaddr *)&sa, &len) < 0)
		return throw_errno(env, errno, "getsockname");
	CHECK(napi_create_uint32(env, sa.nl_pid, &out));
	return out;
}

#define MAX_IOV 1024

static napi_value js_send(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	uint32_t dest = 0;
	if (argc >= 3)
		napi_get_value_uint32(env, argv[2], &dest);
	uint32_t n;
	struct iovec iov[MAX_IOV];
	bool single = false;
	napi_is_typedarray(env, argv[1], &single);
	if (single) {
		/* one Uint8Array: the common case, without the array walk */
		napi_typedarray_type t;
		size_t len, off;
		void *data;
		napi_value ab;
		if (napi_get_typedarray_info(env, argv[1], &t, &len, &data, &ab, &off) != napi_ok || t != napi_uint8_array)
			return throw_msg(env, "send: chunks must be Uint8Array");
		iov[0].iov_base = data;
		iov[0].iov_len = len;
		n = 1;
	} else if (napi_get_array_length(env, argv[1], &n) != napi_ok) {
		return throw_msg(env, "send: chunks must be a Uint8Array or an array of them");
	}
	if (n > MAX_IOV)
		return throw_msg(env, "send: too many chunks in one call (max 1024)");
	for (uint32_t i = 0; i < n && !single; i++) {
		napi_value el, ab;
		CHECK(napi_get_element(env, argv[1], i, &el));
		napi_typedarray_type t;
		size_t len, off;
		void *data;
		if (napi_get_typedarray_info(env, el, &t, &len, &data, &ab, &off) != napi_ok || t != napi_uint8_array)
			return throw_msg(env, "send: chunks must be Uint8Array");
		iov[i].iov_base = data;
		iov[i].iov_len = len;
	}
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_pid = dest};
	struct msghdr mh = {.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = iov, .msg_iovlen = n};
	ssize_t r;
	do {
		r = sendmsg(s->fd, &mh, 0);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return throw_errno(env, errno, "sendmsg");
	CHECK(napi_create_int64(env, r, &out));
	return out;
}

static napi_value js_set_int_option(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	int32_t level, name, value;
	napi_get_value_int32(env, argv[1], &level);
	napi_get_value_int32(env, argv[2], &name);
	napi_get_value_int32(env, argv[3], &value);
	int v = value;
	if (setsockopt(s->fd, level, name, &v, sizeof(v)) < 0)
		return throw_errno(env, errno, "setsockopt");
	return NULL;
}

static napi_value js_get_int_option(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	int32_t level, name;
	napi_get_value_int32(env, argv[1], &level);
	napi_get_value_int32(env, argv[2], &name);
	int v = 0;
	socklen_t len = sizeof(v);
	if (getsockopt(s->fd, level, name, &v, &len) < 0)
		return throw_errno(env, errno, "getsockopt");
	CHECK(napi_create_int32(env, v, &out));
	return out;
}

static napi_value js_attach_filter(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	napi_typedarray_type t;
	size_t len, off;
	void *data;
	napi_value ab;
	if (napi_get_typedarray_info(env, argv[1], &t, &len, &data, &ab, &off) != napi_ok || t != napi_uint8_array ||
	    len % sizeof(struct sock_filter) != 0 || len == 0 || len / sizeof(struct sock_filter) > 0xffff)
		return throw_msg(env, "attachFilter: program must be a non-empty Uint8Array of 8-byte instructions");
	struct sock_fprog prog = {.len = (unsigned short)(len / sizeof(struct sock_filter)), .filter = data};
	if (setsockopt(s->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0)
		return throw_errno(env, errno, "setsockopt SO_ATTACH_FILTER");
	return NULL;
}

static napi_value js_detach_filter(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	int v = 0;
	if (setsockopt(s->fd, SOL_SOCKET, SO_DETACH_FILTER, &v, sizeof(v)) < 0)
		return throw_errno(env, errno, "setsockopt SO_DETACH_FILTER");
	return NULL;
}

static napi_value js_ref(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 0);
	if (!s || s->closed)
		return NULL;
	bool on = false;
	napi_get_value_bool(env, argv[1], &on);
	s->refed = on;
	if (on) {
		uv_ref((uv_handle_t *)&s->poll);
		if (s->thr_init)
			uv_ref((uv_handle_t *)&s->async);
	} else {
		uv_unref((uv_handle_t *)&s->poll);
		if (s->thr_init)
			uv_unref((uv_handle_t *)&s->async);
	}
	return NULL;
}

static napi_value js_pause(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 0);
	if (!s || s->closed)
		return NULL;
	bool on = false;
	napi_get_value_bool(env, argv[1], &on);
	if (on && !s->paused) {
		s->paused = 1;
		if (!s->thr_mode)
			uv_poll_stop(&s->poll);
		/* in thread mode the queue fills up and the thread waits */
	} else if (!on && s->paused) {
		s->paused = 0;
		if (s->thr_mode)
			uv_async_send(&s->async); /* deliver what queued meanwhile */
		else
			uv_poll_start(&s->poll, UV_READABLE, on_readable);
	}
	return NULL;
}

/* thread(handle, on): reads on a thread of its own (for long dumps) or
 * back on the event loop. Order is kept: readiness reading resumes only
 * once everything the thread read was delivered. */
static napi_value js_thread(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	bool on = false;
	napi_get_value_bool(env, argv[1], &on);
	int err = set_thread(s, on);
	if (err)
		return throw_errno(env, err, "netlink reader thread");
	return NULL;
}

/* Synchronous drain: returns [buffer, meta, count] or undefined when nothing
 * is queued. Lets JS read a reply the kernel queued during sendmsg without
 * waiting for the next event-loop turn. */
/* Synchronous drain: returns [slab, meta, count] or undefined when nothing
 * is queued. Lets JS read a reply the kernel queued during sendmsg without
 * waiting for the next event-loop turn. */
static napi_value js_drain(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], vals[3], arr;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	if (s->paused || s->thr_mode)
		return NULL;
	uint32_t limit = 0;
	if (argc >= 2)
		napi_get_value_uint32(env, argv[1], &limit);
	uint32_t count = drain(s, 0, limit);
	if (!count)
		return NULL;
	if (batch_values(s, count, vals) < 0)
		return throw_msg(env, "nlkit native: could not build the receive batch");
	CHECK(napi_create_array_with_length(env, 3, &arr));
	for (uint32_t i = 0; i < 3; i++)
		CHECK(napi_set_element(env, arr, i, vals[i]));
	return arr;
}

static napi_value js_close(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 0);
	if (!s)
		return NULL;
	do_close(s, 0);
	return NULL;
}

static napi_value js_fd(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 0);
	if (!s)
		return NULL;
	CHECK(napi_create_int32(env, s->closed ? -1 : s->fd, &out));
	return out;
}

static napi_value init(napi_env env, napi_value exports)
{
	napi_property_descriptor props[] = {
	    {"open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"bind", NULL, js_bind, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"portId", NULL, js_port_id, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"setIntOption", NULL, js_set_int_option, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"getIntOption", NULL, js_get_int_option, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"attachFilter", NULL, js_attach_filter, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"detachFilter", NULL, js_detach_filter, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"ref", NULL, js_ref, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"pause", NULL, js_pause, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"drain", NULL, js_drain, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"thread", NULL, js_thread, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"fd", NULL, js_fd, NULL, NULL, NULL, napi_enumerable, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
