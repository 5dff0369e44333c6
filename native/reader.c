/* The reader thread for long dumps: it reads batches while the loop
 * thread hands earlier ones to JS, so the kernel builds the next dump chunk
 * (inside recvmsg) while JS decodes. Order is kept: readiness reading
 * resumes only once everything the thread read was delivered. */
#include "nlsock.h"

static void free_list(batch *b)
{
	while (b) {
		batch *n = b->next;
		free(b->data);
		free(b);
		b = n;
	}
}

void free_queue(nl_sock *s)
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
			int rd = read_datagram(s, b->data + b->len, cap - b->len, b->len, m, &adv, &need, &cont);
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
			if (rd == RD_SPLIT) {
				/* the head is at b->data + b->len, the rest in the spill area */
				size_t head = cap - b->len;
				uint8_t *nd = realloc(b->data, b->len + need + MIN_SPACE);
				if (!nd) {
					release_spill(s, need - head);
					error_entry(m, ENOMEM);
					b->count++;
					stopping = 1;
					break;
				}
				memcpy(nd + b->len + head, s->spill, need - head);
				release_spill(s, need - head);
				b->data = nd;
				cap = b->cap = b->len + need + MIN_SPACE;
				b->count++;
				b->len += (need + 3) & ~(size_t)3;
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

/* Loop thread: hands every queued batch to JS; once the thread is stopped
 * and the queue is empty, reading goes back to readiness events. */
static void on_async(uv_async_t *a)
{
	nl_sock *s = a->data;
	if (s->closed)
		return;
	/* One handle scope per batch: a scope held across the loop would keep
	 * every batch's ArrayBuffer reachable until the loop ends (the thread
	 * keeps refilling the queue), so old batches could not be collected. */
	for (;;) {
		if (s->closed || s->paused)
			break;
		napi_handle_scope scope;
		if (napi_open_handle_scope(s->env, &scope) != napi_ok)
			return;
		if (ensure_meta(s) != 0) {
			napi_close_handle_scope(s->env, scope);
			break;
		}
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
		if (!b) {
			napi_close_handle_scope(s->env, scope);
			break;
		}
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
		if (ok && napi_get_reference_value(s->env, s->meta_ref, &argv[1]) == napi_ok &&
		    napi_create_uint32(s->env, count, &argv[2]) == napi_ok && s->cb &&
		    napi_get_reference_value(s->env, s->cb, &cb) == napi_ok && cb) {
			napi_get_global(s->env, &recv);
			if (napi_make_callback(s->env, s->actx, recv, cb, 3, argv, &result) == napi_pending_exception) {
				napi_value exc;
				napi_get_and_clear_last_exception(s->env, &exc);
				napi_fatal_exception(s->env, exc);
			}
		}
		napi_close_handle_scope(s->env, scope);
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
}

void stop_thread(nl_sock *s)
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
int set_thread(nl_sock *s, int on)
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
