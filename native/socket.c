/* A socket handle's life: closing and freeing, and reading on
 * readiness events from the event loop. */
#include "nlsock.h"

void maybe_free(nl_sock *s)
{
	if (s->finalized && (!s->poll_init || s->poll_closed) && (!s->thr_init || s->async_closed)) {
		if (s->thr_init) {
			uv_mutex_destroy(&s->mu);
			uv_cond_destroy(&s->cv);
		}
		free(s);
	}
}

void on_async_closed(uv_handle_t *h)
{
	nl_sock *s = h->data;
	s->async_closed = 1;
	maybe_free(s);
}

static void on_poll_closed(uv_handle_t *h)
{
	nl_sock *s = h->data;
	s->poll_closed = 1;
	maybe_free(s);
}

/* Releases the fd, the poll handle and the callback. Idempotent. */
void do_close(nl_sock *s, int from_finalizer)
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
	unmap_spill(s); /* no reader is left: the thread was joined above */
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

void finalize_sock(napi_env env, void *data, void *hint)
{
	nl_sock *s = data;
	do_close(s, 1);
	s->finalized = 1;
	maybe_free(s);
}

/* Builds the (slab, meta, count) values handed to JS. */
int batch_values(nl_sock *s, uint32_t count, napi_value out[3])
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

void deliver(nl_sock *s, uint32_t count)
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

void on_readable(uv_poll_t *p, int status, int events)
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
			error_entry(m, soerr);
			count++;
		}
	}
	count = drain(s, count, 0);
	if (count)
		deliver(s, count);
	napi_close_handle_scope(s->env, scope);
}

nl_sock *get_sock(napi_env env, napi_value v, int must_be_open)
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
