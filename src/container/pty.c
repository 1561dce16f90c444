/* SPDX-License-Identifier: MIT */
#include "container/pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

int lb_pty_open(struct lb_pty *p, int winsize_from, lb_error *err)
{
	char name[128];

	p->master = p->slave = -1;
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0)
		return lb_error_sys(err, "posix_openpt");
	if (grantpt(p->master) < 0 || unlockpt(p->master) < 0) {
		lb_error_sys(err, "unlock the pty");
		goto fail;
	}
	if (ptsname_r(p->master, name, sizeof(name)) != 0) {
		lb_error_sys(err, "ptsname");
		goto fail;
	}
	p->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0) {
		lb_error_sys(err, "open %s", name);
		goto fail;
	}
	if (winsize_from >= 0)
		lb_pty_copy_winsize(winsize_from, p->master);
	return 0;
fail:
	lb_pty_close(p);
	return -1;
}

void lb_pty_close(struct lb_pty *p)
{
	if (p->master >= 0)
		close(p->master);
	if (p->slave >= 0)
		close(p->slave);
	p->master = p->slave = -1;
}

int lb_pty_copy_winsize(int from, int master)
{
	struct winsize ws;

	if (ioctl(from, TIOCGWINSZ, &ws) < 0)
		return -1;
	/* The kernel sends SIGWINCH to the pty's foreground process group. */
	return ioctl(master, TIOCSWINSZ, &ws);
}

int lb_tty_make_raw(int fd, struct lb_tty_state *st, lb_error *err)
{
	struct termios raw;

	st->fd = fd;
	st->saved = false;
	if (tcgetattr(fd, &st->orig) < 0)
		return lb_error_sys(err, "tcgetattr");
	raw = st->orig;
	cfmakeraw(&raw);
	if (tcsetattr(fd, TCSADRAIN, &raw) < 0)
		return lb_error_sys(err, "put the terminal in raw mode");
	st->saved = true;
	return 0;
}

void lb_tty_restore(struct lb_tty_state *st)
{
	if (!st->saved)
		return;
	tcsetattr(st->fd, TCSADRAIN, &st->orig);
	st->saved = false;
}
