/* SPDX-License-Identifier: MIT */
/*
 * The gnuplot templates of plots/: where they are, and filling their {{NAME}} placeholders.
 * "{{" cannot clash with gnuplot itself, whose macros are "@name" and whose format strings
 * use "%".  The templates are code we ship (or that $LIMITBENCH_PLOTS names: trusted
 * configuration, like $LIMITBENCH_GNUPLOT); what fills them is data, written so that
 * gnuplot reads it as values only (plot.h, struct lb_plot_var).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot/plot.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"

static const struct lb_plot_var *find_var(const struct lb_plot_var *vars, size_t n,
					  const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

static unsigned line_of(const char *tmpl, const char *p)
{
	unsigned line = 1;

	for (; tmpl < p; tmpl++)
		line += *tmpl == '\n';
	return line;
}

char *lb_plot_gp_string(const char *s)
{
	/* one line of printable text first: \n for a line break, \e for ESC ... */
	_cleanup_free_ char *text = lb_text_term(s);
	char *out = lb_xmalloc(2 * strlen(text) + 3), *o = out;

	*o++ = '\'';
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			*o++ = '\'';
		*o++ = *p;
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/* One number as gnuplot reads it: %.17g keeps every bit; NaN is gnuplot's own variable. */
static void put_number(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.17g", v);
	else
		fputs("NaN", f);
}

static bool is_number_word(const char *w, size_t len)
{
	/* %.4f of the largest double (1.8e308) has 314 characters */
	char tmp[400], *end;

	if (len == 3 && !memcmp(w, "NaN", 3))
		return true;
	if (len == 0 || len >= sizeof(tmp) || strspn(w, "0123456789.eE+-") < len)
		return false;
	memcpy(tmp, w, len);
	tmp[len] = '\0';
	double v = strtod(tmp, &end);
	return *end == '\0' && isfinite(v);
}

int lb_plot_data_check(const char *text)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, " \n");

		if (len && !is_number_word(p, len))
			return -1;
		p += len;
		p += *p != '\0';
	}
	return 0;
}

static void put_value(FILE *f, const struct lb_plot_var *v)
{
	char *q;

	switch (v->kind) {
	case LB_PLOT_TEXT:
		q = lb_plot_gp_string(v->text ? v->text : "");
		fputs(q, f);
		free(q);
		break;
	case LB_PLOT_TEXTS:
		fputc('[', f);
		for (size_t i = 0; i < v->count; i++) {
			q = lb_plot_gp_string(v->texts[i] ? v->texts[i] : "");
			fprintf(f, "%s%s", i ? ", " : "", q);
			free(q);
		}
		fputc(']', f);
		break;
	case LB_PLOT_NUMBER:
		put_number(f, v->num);
		break;
	case LB_PLOT_NUMBERS:
		fputc('[', f);
		for (size_t i = 0; i < v->count; i++) {
			if (i)
				fputs(", ", f);
			put_number(f, v->nums[i]);
		}
		fputc(']', f);
		break;
	case LB_PLOT_DATA:
	default:
		fputs(v->text ? v->text : "", f);
		break;
	}
}

char *lb_plot_fill(const char *tmpl, const struct lb_plot_var *vars, size_t n, lb_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *p = tmpl;

	if (!f)
		abort(); /* only for lack of memory, as lb_xmalloc */
	for (;;) {
		const char *open = strstr(p, "{{");

		if (!open) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(open - p), f);
		const char *name = open + 2, *close = strstr(name, "}}");
		size_t nlen = close ? (size_t)(close - name) : 0;

		if (!close || memchr(name, '\n', nlen)) {
			lb_error_usage(err, "line %u: '{{' without its '}}'", line_of(tmpl, open));
			goto fail;
		}
		const struct lb_plot_var *v = find_var(vars, n, name, nlen);
		if (!v) {
			lb_error_usage(err, "line %u: unknown placeholder {{%.*s}}",
				       line_of(tmpl, open), (int)nlen, name);
			goto fail;
		}
		if (v->kind == LB_PLOT_DATA && lb_plot_data_check(v->text ? v->text : "") < 0) {
			lb_error_fail(err,
				      "line %u: the data block {{%.*s}} holds more than numbers",
				      line_of(tmpl, open), (int)nlen, name);
			goto fail;
		}
		put_value(f, v);
		p = close + 2;
	}
	fclose(f);
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static bool has_templates(const char *dir)
{
	_cleanup_free_ char *probe = lb_xasprintf("%s/mem.gp", dir);

	return access(probe, R_OK) == 0;
}

char *lb_plot_templates_dir(lb_error *err)
{
	static const char *const rel[] = {"plots", "../share/limitbench/plots", "../../plots"};
	const char *env = getenv("LIMITBENCH_PLOTS");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		if (!has_templates(env)) {
			lb_error_env(err, "LIMITBENCH_PLOTS=%s holds no gnuplot templates (mem.gp)",
				     env);
			return NULL;
		}
		return lb_xstrdup(env);
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		lb_error_sys(err, "readlink /proc/self/exe");
		return NULL;
	}
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0'; /* the kernel's answer is an absolute path */
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char *dir = lb_xasprintf("%s/%s", exe, rel[i]);

		if (has_templates(dir))
			return dir;
		free(dir);
	}
#ifdef LB_PLOTS_DIR /* an install that puts them elsewhere may say so at build time */
	if (has_templates(LB_PLOTS_DIR))
		return lb_xstrdup(LB_PLOTS_DIR);
#endif
	lb_error_env(err,
		     "no gnuplot templates beside %s (plots/ or ../share/limitbench/plots); "
		     "set LIMITBENCH_PLOTS=DIR",
		     exe);
	return NULL;
}
