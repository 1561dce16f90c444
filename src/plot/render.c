/* SPDX-License-Identifier: MIT */
/*
 * One figure from its template: output.gp (terminal, file, the common look) and the figure's
 * own .gp, filled once per format and handed to one gnuplot process.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int load_template(const char *dir, const char *name, char **out, lb_error *err)
{
	_cleanup_free_ char *path = lb_xasprintf("%s/%s.gp", dir, name);

	if (lb_read_file(path, out, NULL, err) < 0)
		return lb_error_wrap(err, "gnuplot template");
	return 0;
}

/* Append the filled output.gp + figure for one format to f. */
static int add_format(FILE *f, const char *out_tmpl, const char *fig_tmpl, const char *format,
		      const char *output, const struct lb_plot_var *vars, size_t n,
		      const struct lb_plot_opts *o, const char *name, lb_error *err)
{
	const struct lb_plot_var ovars[] = {
	    LB_PLOT_STR("FORMAT", format),
	    LB_PLOT_STR("OUTPUT", output ? output : ""),
	    LB_PLOT_NUM("COLS", o->cols ? o->cols : 100),
	    LB_PLOT_NUM("ROWS", o->rows ? o->rows : 30),
	    LB_PLOT_NUM("COLOR", o->color),
	};
	_cleanup_free_ char *head = NULL, *body = NULL;

	head = lb_plot_fill(out_tmpl, ovars, LB_ARRAY_SIZE(ovars), err);
	if (!head)
		return lb_error_wrap(err, "plots/output.gp");
	body = lb_plot_fill(fig_tmpl, vars, n, err);
	if (!body)
		return lb_error_wrap(err, "plots/%s.gp", name);
	fputs(head, f);
	fputs(body, f);
	/* close the file so the next format (or the rename) sees it complete */
	fputs("\nset output\n", f);
	return 0;
}

int lb_plot_render(const char *name, const char *outdir, const struct lb_plot_var *vars, size_t n,
		   const struct lb_plot_opts *o, char **text, lb_error *err)
{
	return lb_plot_render_as(name, name, outdir, vars, n, o, text, err);
}

int lb_plot_render_as(const char *tmpl, const char *name, const char *outdir,
		      const struct lb_plot_var *vars, size_t n, const struct lb_plot_opts *o,
		      char **text, lb_error *err)
{
	static const char *const formats[] = {"png", "svg"};
	_cleanup_free_ char *tdir_owned = NULL, *out_tmpl = NULL, *fig_tmpl = NULL;
	_cleanup_free_ char *script = NULL, *gp_out = NULL;
	char *tmp[2] = {NULL, NULL}, *final[2] = {NULL, NULL};
	const char *tdir = o->templates;
	size_t len = 0;
	FILE *f;
	int rc = -1;

	/* Without gnuplot, that is what to say, whether or not the templates are there. */
	if (lb_plot_gnuplot_check(err) < 0)
		return -1;
	if (!tdir) {
		tdir = tdir_owned = lb_plot_templates_dir(err);
		if (!tdir)
			return -1;
	}
	if (load_template(tdir, "output", &out_tmpl, err) < 0 ||
	    load_template(tdir, tmpl, &fig_tmpl, err) < 0)
		return -1;
	f = open_memstream(&script, &len);
	if (!f)
		abort(); /* only for lack of memory, as lb_xmalloc */
	if (o->term) {
		rc = add_format(f, out_tmpl, fig_tmpl, "dumb", NULL, vars, n, o, tmpl, err);
	} else {
		for (size_t i = 0; i < 2; i++) {
			/* gnuplot runs in outdir and writes tmp_name there: no path of ours (a
			 * folder named by a user, "|cmd" or "~x" to gnuplot) reaches it */
			_cleanup_free_ char *tmp_name =
			    lb_xasprintf(".%s.%s.tmp%d", name, formats[i], (int)getpid());

			final[i] = lb_xasprintf("%s/%s.%s", outdir, name, formats[i]);
			tmp[i] = lb_xasprintf("%s/%s", outdir, tmp_name);
			rc = add_format(f, out_tmpl, fig_tmpl, formats[i], tmp_name, vars, n, o,
					tmpl, err);
			if (rc < 0)
				break;
		}
	}
	fclose(f);
	if (rc == 0 && lb_plot_gnuplot(script, len, o->term ? NULL : outdir,
				       o->term ? &gp_out : NULL, err) < 0)
		rc = lb_error_wrap(err, "%s", name);
	for (size_t i = 0; i < 2 && rc == 0 && !o->term; i++) {
		if (rename(tmp[i], final[i]) < 0)
			rc = lb_error_sys(err, "rename %s", final[i]);
	}
	if (rc == 0 && o->term) {
		size_t old = *text ? strlen(*text) : 0, add = strlen(gp_out);

		*text = lb_xrealloc(*text, old + add + 1);
		memcpy(*text + old, gp_out, add + 1);
	}
	for (size_t i = 0; i < 2; i++) {
		if (tmp[i])
			unlink(tmp[i]); /* gone after a rename; a leftover after a failure */
		free(tmp[i]);
		free(final[i]);
	}
	return rc;
}

char *lb_plot_env_text(const struct lb_plot_run *r)
{
	return lb_xasprintf("kernel %s, cgroup %s (%s backend)", r->kernel ? r->kernel : "?",
			    r->cgroup_mode ? r->cgroup_mode : "?", r->backend ? r->backend : "?");
}
