/* SPDX-License-Identifier: MIT */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/cleanup.h"

/*
 * Most files read here are small (/proc and cgroupfs text, a few hundred bytes): they are read
 * into a buffer on the stack and copied into one allocation of their exact size.  A growing
 * heap buffer, freed a moment later, would cost a page mapped and unmapped per call with
 * musl's malloc, which returns an emptied group to the kernel at once.
 */
int lb_read_file_at(int dirfd, const char *path, char **out, size_t *len, lb_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	char small[4096];
	_cleanup_free_ char *buf = NULL;
	size_t cap = 0, n = 0;

	if (fd < 0)
		return lb_error_sys(err, "open %s", path);
	for (;;) {
		if (!buf && n == sizeof(small)) {
			/* Bigger than the stack buffer: on the heap from here on. */
			lb_xgrow(&buf, &cap, n + 4096 + 1, 1);
			memcpy(buf, small, n);
		} else if (buf && n + 1 == cap) {
			lb_xgrow(&buf, &cap, n + 4096 + 1, 1);
		}
		char *dst = buf ? buf + n : small + n;
		size_t room = buf ? cap - n - 1 : sizeof(small) - n;
		ssize_t r = read(fd, dst, room);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return lb_error_sys(err, "read %s", path);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!buf) {
		buf = lb_xmalloc(n + 1);
		memcpy(buf, small, n);
	}
	buf[n] = '\0';
	*out = lb_steal_ptr(buf);
	if (len)
		*len = n;
	return 0;
}

int lb_read_file(const char *path, char **out, size_t *len, lb_error *err)
{
	return lb_read_file_at(AT_FDCWD, path, out, len, err);
}

ssize_t lb_pread_all(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		ssize_t r = pread(fd, buf + n, size - n - 1, (off_t)n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/*
		 * Kernel files (cgroupfs, /proc) are seq_files: one read fills the whole
		 * request unless the end was reached, so a short read is the end.  Skipping
		 * the read that would return 0 halves the system calls of the sampler.
		 */
		if ((size_t)r < size - (n - (size_t)r) - 1)
			break;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

int lb_write_file_at(int dirfd, const char *path, const char *s, lb_error *err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(s);

	if (fd < 0)
		return lb_error_sys(err, "open %s", path);
	ssize_t r;
	do
		r = write(fd, s, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return lb_error_sys(err, "write '%s' to %s", s, path);
	if ((size_t)r != len)
		return lb_error_fail(err, "short write of '%s' to %s", s, path);
	return 0;
}

int lb_write_file(const char *path, const char *s, lb_error *err)
{
	return lb_write_file_at(AT_FDCWD, path, s, err);
}

int lb_write_file_atomic(const char *path, const char *data, size_t len, lb_error *err)
{
	_cleanup_free_ char *tmp = lb_xasprintf("%s.tmp.%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t off = 0;

	if (fd < 0)
		return lb_error_sys(err, "create %s", tmp);
	while (off < len) {
		ssize_t r = write(fd, data + off, len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? errno : ENOSPC;
			close(fd);
			unlink(tmp);
			return lb_error_set(err, LB_ERR_FAILED, e, "write %s", tmp);
		}
		off += (size_t)r;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		return lb_error_set(err, LB_ERR_FAILED, e, "write %s", tmp);
	}
	if (rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return lb_error_set(err, LB_ERR_FAILED, e, "rename %s to %s", tmp, path);
	}
	return 0;
}

int lb_mkdir_p(const char *path, mode_t mode, lb_error *err)
{
	_cleanup_free_ char *p = lb_xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return lb_error_sys(err, "mkdir %s", p);
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return lb_error_sys(err, "mkdir %s", p);
	return 0;
}
