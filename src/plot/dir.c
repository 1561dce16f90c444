/* SPDX-License-Identifier: MIT */
/* Result folders: which kind a folder is, and the run folders of a scenario folder. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

static bool is_run_dir(const char *dir)
{
	_cleanup_free_ char *p = lb_xasprintf("%s/summary.json", dir);
	_cleanup_free_ char *q = lb_xasprintf("%s/samples.tsv", dir);

	return access(p, R_OK) == 0 && access(q, R_OK) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lb_plot_list_runs(const char *scn_dir, char ***dirs, size_t *n, lb_error *err)
{
	DIR *d = opendir(scn_dir);
	struct dirent *de;
	size_t cap = 0;

	*dirs = NULL;
	*n = 0;
	if (!d)
		return lb_error_sys(err, "open %s", scn_dir);
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		char *path = lb_xasprintf("%s/%s", scn_dir, de->d_name);
		/* `latest` is a link to one of the others: each run once */
		if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || !is_run_dir(path)) {
			free(path);
			continue;
		}
		lb_xgrow(dirs, &cap, *n + 1, sizeof(**dirs));
		(*dirs)[(*n)++] = path;
	}
	closedir(d);
	if (*n)
		qsort(*dirs, *n, sizeof(**dirs), cmp_str);
	return 0;
}

enum lb_plot_dir_kind lb_plot_dir_kind(const char *dir)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/summary.json", dir);
	_cleanup_free_ char *buf = NULL;
	char **runs = NULL;
	size_t n = 0;
	lb_error err = {0};

	if (is_run_dir(dir))
		return LB_PLOT_DIR_RUN;
	if (lb_read_file(path, &buf, NULL, &err) == 0 && strstr(buf, "\"runs\""))
		return LB_PLOT_DIR_SCENARIO;
	/* a scenario run once has no summary of its own, only its run folders */
	if (lb_plot_list_runs(dir, &runs, &n, &err) < 0)
		return LB_PLOT_DIR_NONE;
	for (size_t i = 0; i < n; i++)
		free(runs[i]);
	free(runs);
	return n ? LB_PLOT_DIR_SCENARIO : LB_PLOT_DIR_NONE;
}
