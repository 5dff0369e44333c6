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
 *   send(handle, chunks: Uint8Array | Uint8Array[], destPort = 0, length)
 *       -> bytes sent (one sendmsg with an iovec; destPort 0 is the kernel;
 *       length: send only the first bytes of a single Uint8Array)
 *   setIntOption(handle, level, name, value)
 *   getIntOption(handle, level, name) -> number
 *   attachFilter(handle, program: Uint8Array) (struct sock_filter[])
 *   detachFilter(handle)
 *   ref(handle, bool)               keep the event loop alive or not
 *   pause(handle, bool)             stop/restart reading (backpressure)
 *   close(handle)
 *   drain(handle, limit = 0) -> slab | undefined: read what is queued
 *       now (at most `limit` datagrams if not 0), synchronously; the
 *       entries are in the meta array (meta[0] = count), as for onData
 *   meta(handle)                    -> the persistent meta Uint32Array
 *   thread(handle, bool)            read on a thread of its own (long dumps:
 *       the kernel's dump work overlaps with JS) or on the event loop
 *   fd(handle)                      -> number, or -1 once closed
 *
 * No state lives outside the per-socket handle.
 */
#include "nlsock.h"

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
	map_spill(s); /* without it, reads still work: long datagrams are reported as EMSGSIZE */
	napi_value ext, name;
	if (napi_create_external(env, s, finalize_sock, NULL, &ext) != napi_ok) {
		close(fd);
		unmap_spill(s);
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

static napi_value js_send(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	uint32_t dest = 0, length = UINT32_MAX;
	if (argc >= 3)
		napi_get_value_uint32(env, argv[2], &dest);
	if (argc >= 4)
		napi_get_value_uint32(env, argv[3], &length);
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
		iov[0].iov_len = length < len ? length : len;
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

/* Synchronous drain: returns the slab the datagrams were read into (their
 * entries are in the meta array, count at meta[0]) or undefined when
 * nothing is queued. Lets JS read a reply the kernel queued during sendmsg
 * without waiting for the next event-loop turn. */
static napi_value js_drain(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], vals[3];
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
	return vals[0];
}

/* meta(handle) -> the persistent Uint32Array drain() and onData fill. */
static napi_value js_meta(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1], out;
	CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	nl_sock *s = get_sock(env, argv[0], 1);
	if (!s)
		return NULL;
	if (ensure_meta(s) < 0 || napi_get_reference_value(env, s->meta_ref, &out) != napi_ok)
		return throw_msg(env, "nlkit native: no meta array");
	return out;
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
	    {"meta", NULL, js_meta, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"thread", NULL, js_thread, NULL, NULL, NULL, napi_enumerable, NULL},
	    {"fd", NULL, js_fd, NULL, NULL, NULL, napi_enumerable, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	return exports;
}

NAPI_MODULE_INIT() { return init(env, exports); }
