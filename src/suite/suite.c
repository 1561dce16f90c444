/* SPDX-License-Identifier: MIT */
/* The files of a suite: a folder is every *.scn under it, in name order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suite/suite.h"
#include "util/alloc.h"
#include "util/cleanup.h"

/* Deeper than this is not a scenario folder anyone wrote by hand. */
#define WALK_MAX_DEPTH 32

struct paths {
	char **v;
	size_t n, cap;
};

static void paths_add(struct paths *p, char *s)
{
	lb_xgrow(&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = s;
}

static bool is_scn(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && !strcmp(name + len - 4, ".scn");
}

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

/* Every *.scn under the folder `path` (open as dfd, which this takes over) into p. */
static int walk(int dfd, const char *path, unsigned depth, struct paths *p, lb_error *err)
{
	_cleanup_(closedirp) DIR *d = fdopendir(dfd);
	struct dirent *de;

	if (!d) {
		close(dfd);
		return lb_error_sys(err, "%s", path);
	}
	if (depth > WALK_MAX_DEPTH)
		return lb_error_usage(err, "%s: folders nested more than %d deep", path,
				      WALK_MAX_DEPTH);
	errno = 0;
	while ((de = readdir(d))) {
		struct stat st;
		char *child;

		if (de->d_name[0] == '.')
			continue;
		/* a link to a file is followed (its target is read), a link to a folder not */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return lb_error_sys(err, "%s/%s", path, de->d_name);
		child = lb_xasprintf("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
				     de->d_name);
		if (S_ISDIR(st.st_mode)) {
			int cfd = openat(dirfd(d), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (cfd < 0 || walk(cfd, child, depth + 1, p, err) < 0) {
				if (cfd < 0)
					lb_error_sys(err, "%s", child);
				free(child);
				return -1;
			}
			free(child);
		} else if (is_scn(de->d_name) &&
			   (S_ISREG(st.st_mode) ||
			    (S_ISLNK(st.st_mode) && fstatat(dirfd(d), de->d_name, &st, 0) == 0 &&
			     S_ISREG(st.st_mode)))) {
			paths_add(p, child);
		} else {
			free(child);
		}
		errno = 0;
	}
	if (errno)
		return lb_error_sys(err, "%s", path);
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lb_suite_collect(char *const *args, size_t n_args, char ***paths, size_t *n_paths,
		     lb_error *err)
{
	struct paths p = {0};

	for (size_t i = 0; i < n_args; i++) {
		struct stat st;
		size_t first = p.n;
		int dfd;

		if (stat(args[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			/* a file, or nothing: the scenario loader says what is wrong with it */
			paths_add(&p, lb_xstrdup(args[i]));
			continue;
		}
		dfd = open(args[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0) {
			lb_error_sys(err, "%s", args[i]);
			goto fail;
		}
		if (walk(dfd, args[i], 0, &p, err) < 0)
			goto fail;
		if (p.n == first) {
			lb_error_usage(err, "%s: no scenario file (*.scn) in this folder or below",
				       args[i]);
			goto fail;
		}
		qsort(p.v + first, p.n - first, sizeof(*p.v), cmp_path);
	}
	*paths = p.v;
	*n_paths = p.n;
	return 0;
fail:
	lb_suite_paths_free(p.v, p.n);
	return -1;
}

void lb_suite_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
