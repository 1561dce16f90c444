/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_FS_H
#define LB_UTIL_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

/* Read a whole (small, kernel or text) file into a NUL-terminated malloc'd buffer. */
int lb_read_file(const char *path, char **out, size_t *len, lb_error *err);
/* Same, relative to a directory fd. */
int lb_read_file_at(int dirfd, const char *path, char **out, size_t *len, lb_error *err);

/* Read from offset 0 of an open kernel file (a seq_file: a short read is its end) into buf,
 * NUL-terminated; returns the bytes read or -1. */
ssize_t lb_pread_all(int fd, char *buf, size_t size);

/* Write a string to a (kernel) file, as `echo -n s > path` would, in one write(2). */
int lb_write_file(const char *path, const char *s, lb_error *err);
int lb_write_file_at(int dirfd, const char *path, const char *s, lb_error *err);

/* Write data to path atomically: a temporary name in the same folder, fsync, rename. */
int lb_write_file_atomic(const char *path, const char *data, size_t len, lb_error *err);

/* mkdir -p */
int lb_mkdir_p(const char *path, mode_t mode, lb_error *err);

#endif
