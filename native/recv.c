/* Reading datagrams: one recvmsg each, straight into slabs JS can view;
 * a datagram longer than the slab's free space continues into a spill
 * area and is then moved into a bigger slab, so none is ever cut off. */
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

/* Maps the spill area: the second iovec of every read, so that a datagram
 * longer than the free space of the current buffer is still read whole
 * (and then moved into a bigger buffer) instead of being cut off. Mapped
 * without reserving memory: pages are used only by such rare datagrams
 * and are given back after each one. Returns 0 or an errno. */
int map_spill(nl_sock *s)
{
	if (s->spill)
		return 0;
	void *p = mmap(NULL, SPILL_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	s->spill = p;
	return 0;
}

void unmap_spill(nl_sock *s)
{
	if (s->spill) {
		munmap(s->spill, SPILL_SIZE);
		s->spill = NULL;
	}
}

/* Gives the pages a spilled datagram used back to the system. */
void release_spill(nl_sock *s, size_t used)
{
	if (used > 0)
		madvise(s->spill, (used + 4095) & ~(size_t)4095, MADV_DONTNEED);
}

/* Fills a meta entry that reports errno `err` instead of a datagram. */
void error_entry(uint32_t *m, int err)
{
	m[0] = 0; m[1] = 0; m[2] = 0; m[3] = 0; m[4] = (uint32_t)err; m[5] = 0;
}

/* Reads one datagram with a single recvmsg (no peek): into dst (space
 * bytes free), continuing into the spill area when it is longer, and fills
 * its entry m (offset `off`). MSG_TRUNC makes recvmsg return the full
 * length, so nothing is cut off silently. Returns RD_OK (*adv = bytes used
 * in dst), RD_SPLIT (a datagram of *need bytes: the first `space` at dst,
 * the rest at the start of the spill area; the caller makes it whole),
 * RD_ERR (an errno entry was written; *cont says whether reading may go on;
 * EMSGSIZE: a datagram longer than dst plus the spill area was lost) or
 * RD_AGAIN (nothing queued). */
int read_datagram(nl_sock *s, uint8_t *dst, size_t space, size_t off, uint32_t *m, size_t *adv, size_t *need, int *cont)
{
	struct sockaddr_nl sa;
	char cbuf[CMSG_SPACE(sizeof(struct nl_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct iovec iov[2] = {{.iov_base = dst, .iov_len = space}, {.iov_base = s->spill, .iov_len = s->spill ? SPILL_SIZE : 0}};
	struct msghdr mh = {
	    .msg_name = &sa,
	    .msg_namelen = sizeof(sa),
	    .msg_iov = iov,
	    .msg_iovlen = s->spill ? 2 : 1,
	    .msg_control = cbuf,
	    .msg_controllen = sizeof(cbuf),
	};
	memset(&sa, 0, sizeof(sa));
	ssize_t r;
	do {
		r = recvmsg(s->fd, &mh, MSG_DONTWAIT | MSG_TRUNC);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return RD_AGAIN;
		/* ENOBUFS: the kernel dropped messages; report and go on. */
		error_entry(m, errno);
		*cont = errno == ENOBUFS;
		return RD_ERR;
	}
	if ((size_t)r > space + iov[1].iov_len) {
		release_spill(s, iov[1].iov_len);
		error_entry(m, EMSGSIZE);
		*cont = 1;
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
	if ((size_t)r > space) {
		*need = (size_t)r;
		return RD_SPLIT;
	}
	*adv = ((size_t)r + 3) & ~(size_t)3;
	return RD_OK;
}

/* A datagram of `len` bytes was split between the slab's free space (at
 * slab_off) and the spill area: moves this batch's datagrams (from
 * batch_start) and the whole of this one into a new, big enough slab, and
 * fixes up the batch's entries (the first `count` in s->meta, and `m`).
 * Nothing of this batch was handed to JS yet, so nothing points into the
 * moved bytes; earlier batches stay valid in the old slab. Needs an open
 * handle scope. Returns -1 if JS memory could not be had. */
static int make_whole(nl_sock *s, size_t batch_start, uint32_t count, uint32_t *m, size_t len)
{
	size_t used = s->slab_off - batch_start;
	size_t head = s->slab_cap - s->slab_off; /* the part read into the slab */
	size_t cap = SLAB_SIZE;
	while (cap < used + len + MIN_SPACE)
		cap *= 2;
	napi_value ab;
	void *data = NULL;
	napi_ref ref;
	if (napi_create_arraybuffer(s->env, cap, &data, &ab) != napi_ok || napi_create_reference(s->env, ab, 1, &ref) != napi_ok)
		return -1;
	uint8_t *d = data;
	memcpy(d, s->slab + batch_start, used);
	memcpy(d + used, s->slab + s->slab_off, head);
	memcpy(d + used + head, s->spill, len - head);
	release_spill(s, len - head);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t *e = &s->meta[1 + i * META_FIELDS];
		if (e[4] == 0)
			e[0] -= (uint32_t)batch_start;
	}
	m[0] = (uint32_t)used;
	if (s->slab_ref)
		napi_delete_reference(s->env, s->slab_ref);
	s->slab_ref = ref;
	s->slab = d;
	s->slab_cap = cap;
	s->slab_off = used + ((len + 3) & ~(size_t)3);
	return 0;
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
	size_t batch_start = s->slab ? s->slab_off : 0;
	while (count < max && !s->closed) {
		size_t free_space = s->slab ? s->slab_cap - s->slab_off : 0;
		if (free_space < MIN_SPACE) {
			if (count > 0)
				break; /* offsets of this batch are in this slab */
			if (ensure_slab(s, MIN_SPACE) < 0)
				break;
			free_space = s->slab_cap - s->slab_off;
			batch_start = s->slab_off;
		}
		size_t adv = 0, need = 0;
		int cont = 0;
		uint32_t *m = &s->meta[1 + count * META_FIELDS];
		int rd = read_datagram(s, s->slab + s->slab_off, free_space, s->slab_off, m, &adv, &need, &cont);
		if (rd == RD_AGAIN)
			break;
		if (rd == RD_ERR) {
			count++;
			if (cont)
				continue;
			break;
		}
		if (rd == RD_SPLIT) {
			if (make_whole(s, batch_start, count, m, need) < 0) {
				error_entry(m, ENOMEM); /* the datagram is lost */
				count++;
				break;
			}
			batch_start = 0;
			count++;
			continue;
		}
		count++;
		s->slab_off += adv;
	}
	if (s->meta)
		s->meta[0] = count;
	return count;
}
