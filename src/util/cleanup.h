/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_CLEANUP_H
#define LB_UTIL_CLEANUP_H

/*
 * Scope-bound cleanup, as systemd's _cleanup_ and crun's cleanup_* do it: a variable
 * declared with one of these is released when it leaves scope, on every path.
 * To hand ownership on, use lb_steal_ptr()/lb_steal_fd().
 */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void lb_freep(void *p)
{
	free(*(void **)p);
}

static inline void lb_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void lb_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_	 _cleanup_(lb_freep)
#define _cleanup_close_	 _cleanup_(lb_closep)
#define _cleanup_fclose_ _cleanup_(lb_fclosep)

#define lb_steal_ptr(p)                                                                            \
	({                                                                                         \
		__typeof__(p) _tmp_ = (p);                                                         \
		(p) = NULL;                                                                        \
		_tmp_;                                                                             \
	})

#define lb_steal_fd(fd)                                                                            \
	({                                                                                         \
		int _tmp_ = (fd);                                                                  \
		(fd) = -1;                                                                         \
		_tmp_;                                                                             \
	})

#define LB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
