/* SPDX-License-Identifier: MIT */
/* The pty relay of exec -t (supervise/relay.h). */
#include "supervise/relay.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy what the workload wrote to the pty onto our stdout, until it would block. */
void lb_relay_output(struct lb_relay *r)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(r->master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* EIO: every slave fd is closed, the container is gone. */
			if (n == 0 || errno != EAGAIN)
				r->master_open = false;
			return;
		}
		if (write_all(STDOUT_FILENO, buf, (size_t)n) < 0) {
			r->master_open = false; /* nobody reads us any more: stop relaying */
			return;
		}
	}
}

void lb_relay_input(struct lb_relay *r, bool readable, bool writable)
{
	if (readable && r->in_len == 0) {
		ssize_t n = read(STDIN_FILENO, r->in, sizeof(r->in));
		if (n > 0) {
			r->in_len = (size_t)n;
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			/* Our stdin ended (a pipe into -it): the terminal's EOF, ^D. */
			r->stdin_open = false;
			r->in[0] = 4;
			r->in_len = 1;
		}
	}
	if (writable && r->in_len) {
		ssize_t n = write(r->master, r->in, r->in_len);
		if (n > 0) {
			memmove(r->in, r->in + n, r->in_len - (size_t)n);
			r->in_len -= (size_t)n;
		}
	}
}
