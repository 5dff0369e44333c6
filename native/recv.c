/* Reading datagrams: each is peeked with MSG_TRUNC to learn its size,
 * then consumed without a second copy, into slabs JS can view. */
#include "nlsock.h"

/* Makes sure a slab with at least `need` free bytes is current. Needs an
 * open handle scope. Returns -1 if JS memory could not be had. */
int ensure_slab(nl_sock *s, size_t need)
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
int ensure_meta(nl_sock *s)
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

/* Reads one datagram into dst (space bytes free) and fills its entry m
 * (offset `off`). The datagram is first peeked with MSG_TRUNC so its full
 * size is known before it is consumed: nothing is ever truncated. Returns
 * RD_OK (*adv = bytes used), RD_ERR (an errno entry was written; *cont says
 * whether reading may go on), RD_BIG (*need = the datagram's size, nothing
 * consumed) or RD_AGAIN (nothing queued). */
int read_datagram(int fd, uint8_t *dst, size_t space, size_t off, uint32_t *m, size_t *adv, size_t *need, int *cont)
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
uint32_t drain(nl_sock *s, uint32_t count, uint32_t limit)
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
