/* SPDX-License-Identifier: MIT */
/*
 * `limitbench list`, one row per scenario:
 *
 *   SCENARIO   RUNS  MACHINE  CONTAINERS                              DESCRIPTION
 *   mem-sweep     3  ok       hog (memory=64M|128M|256M ...)           how enforcement...
 *   cpucg-max     1  skip     a (cpus=0.01)                            ...
 *
 *   cpucg-max: skip: needs 4 CPUs, the machine has 2 online
 *
 * A limit the matrix sweeps shows each of its values (64M|128M|256M); the JSON gives them
 * as a list.  Every name and text comes from a file: shown through lb_text_term.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"
#include "report/list.h"
#include "util/alloc.h"
#include "util/cleanup.h"
#include "util/text.h"
#include "util/units.h"

const char *lb_list_machine_name(enum lb_list_machine m)
{
	switch (m) {
	case LB_LIST_OK:
		return "ok";
	case LB_LIST_SKIP:
		return "skip";
	case LB_LIST_CANNOT:
		return "no";
	case LB_LIST_UNKNOWN:
	default:
		return "unknown";
	}
}

/* v appended to the list `vals` unless an equal value is there already */
static void add_distinct(json_t *vals, json_t *v)
{
	size_t i;
	json_t *e;

	json_array_foreach(vals, i, e)
	{
		if (json_equal(e, v))
			return;
	}
	json_array_append(vals, v);
}

/*
 * The limits of container (or group) i over every run of the matrix: a key's one value,
 * or the list of its values when the matrix sweeps it.
 */
static json_t *limits_over_runs(const struct lb_scenario *s, size_t i, bool group)
{
	json_t *all = json_object(), *out = json_object();
	const char *key;
	json_t *vals;

	for (size_t r = 0; r < s->n_runs; r++) {
		const struct lb_run_spec *rs = &s->runs[r];
		const struct lb_limits *l = group
						? (i < rs->n_groups ? &rs->groups[i].limits : NULL)
						: (i < rs->n_ctrs ? &rs->ctrs[i].limits : NULL);
		json_t *one, *v;
		const char *k;

		if (!l)
			continue;
		one = lb_report_limits_asked_json(l);
		json_object_foreach(one, k, v)
		{
			json_t *list = json_object_get(all, k);

			if (!list) {
				list = json_array();
				json_object_set_new(all, k, list);
			}
			add_distinct(list, v);
		}
		json_decref(one);
	}
	json_object_foreach(all, key, vals)
	{
		if (json_array_size(vals) == 1)
			json_object_set(out, key, json_array_get(vals, 0));
		else
			json_object_set(out, key, vals);
	}
	json_decref(all);
	return out;
}

static bool is_size_key(const char *k)
{
	static const char *const sizes[] = {
	    "memory",	  "memory_swap",	"memory_high", "memory_low",
	    "memory_min", "memory_reservation", "swap",
	};

	for (size_t i = 0; i < LB_ARRAY_SIZE(sizes); i++)
		if (!strcmp(k, sizes[i]))
			return true;
	return false;
}

/* Characters of UTF-8 text (what lb_text_term made of a name): its width on a terminal. */
static int text_width(const char *s)
{
	int w = 0;

	for (; *s; w++) {
		size_t len = lb_utf8_len((const unsigned char *)s);

		s += len ? len : 1;
	}
	return w;
}

static void put_value(FILE *f, const char *key, const json_t *v)
{
	char buf[32];

	if (json_is_integer(v) && is_size_key(key))
		fputs(lb_format_size(buf, sizeof(buf), (double)json_integer_value(v)), f);
	else if (json_is_integer(v))
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		fprintf(f, "%g", json_real_value(v));
	else if (json_is_string(v))
		fputs(json_string_value(v), f);
	else
		fputs(json_is_true(v) ? "true" : "false", f);
}

/* "name (memory=64M|128M cpus=0.5)", or "name" without limits */
static void put_member(FILE *f, const char *prefix, const char *name, const json_t *limits)
{
	const char *key;
	json_t *v;
	bool first = true;

	fprintf(f, "%s%s", prefix, name);
	json_object_foreach((json_t *)limits, key, v)
	{
		fprintf(f, "%s%s=", first ? " (" : " ", key);
		first = false;
		if (json_is_array(v)) {
			size_t i;
			json_t *e;

			json_array_foreach(v, i, e)
			{
				if (i)
					fputc('|', f);
				put_value(f, key, e);
			}
		} else {
			put_value(f, key, v);
		}
	}
	if (!first)
		fputc(')', f);
}

/* The containers column of a scenario, groups first; malloc'd. */
static char *members_text(const struct lb_scenario *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const struct lb_run_spec *r0 = s->n_runs ? &s->runs[0] : NULL;

	if (!f)
		abort();
	for (size_t i = 0; r0 && i < r0->n_groups; i++) {
		json_t *l = limits_over_runs(s, i, true);

		put_member(f, i ? ", group " : "group ", r0->groups[i].name, l);
		json_decref(l);
	}
	for (size_t i = 0; r0 && i < r0->n_ctrs; i++) {
		json_t *l = limits_over_runs(s, i, false);

		put_member(f, i || r0->n_groups ? ", " : "", r0->ctrs[i].name, l);
		json_decref(l);
	}
	fclose(f);
	return buf;
}

static size_t total_runs(const struct lb_scenario *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_runs; i++)
		n += s->runs[i].repeat ? s->runs[i].repeat : 1;
	return n;
}

void lb_list_print_table(FILE *out, const struct lb_list_entry *v, size_t n)
{
	char **name = lb_xcalloc(n + 1, sizeof(*name));
	char **members = lb_xcalloc(n + 1, sizeof(*members));
	int wn = 8, wm = 10; /* "SCENARIO", "CONTAINERS" */
	bool notes = false;

	for (size_t i = 0; i < n; i++) {
		char *m = members_text(v[i].scn);

		name[i] = lb_text_term(v[i].scn->name);
		members[i] = lb_text_term(m);
		free(m);
		if (text_width(name[i]) > wn)
			wn = text_width(name[i]);
		if (text_width(members[i]) > wm)
			wm = text_width(members[i]);
		notes |= v[i].reason != NULL;
	}
	fprintf(out, "%-*s  %4s  %-7s  %-*s  %s\n", wn, "SCENARIO", "RUNS", "MACHINE", wm,
		"CONTAINERS", "DESCRIPTION");
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *desc =
		    lb_text_term(v[i].scn->description ? v[i].scn->description : "");
		char *nl = strchr(desc, '\n');

		if (nl) /* a folded description: its first line */
			*nl = '\0';
		fprintf(out, "%s%*s  %4zu  %-7s  %s%*s  %s\n", name[i], wn - text_width(name[i]),
			"", total_runs(v[i].scn), lb_list_machine_name(v[i].machine), members[i],
			wm - text_width(members[i]), "", desc);
	}
	if (notes)
		fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].reason)
			continue;
		_cleanup_free_ char *why = lb_text_term(v[i].reason);
		fprintf(out, "%s: %s: %s\n", name[i], lb_list_machine_name(v[i].machine), why);
	}
	for (size_t i = 0; i < n; i++) {
		free(name[i]);
		free(members[i]);
	}
	free(name);
	free(members);
}

static json_t *matrix_json(const struct lb_scenario *s)
{
	json_t *m = json_object();

	for (char **p = s->matrix_names; p && *p; p++) {
		json_t *vals = json_array();

		for (size_t r = 0; r < s->n_runs; r++)
			for (size_t k = 0; k < s->runs[r].n_params; k++)
				if (!strcmp(s->runs[r].params[k].name, *p)) {
					json_t *js =
					    lb_report_json_string(s->runs[r].params[k].value);

					add_distinct(vals, js);
					json_decref(js);
				}
		json_object_set_new(m, *p, vals);
	}
	return m;
}

static json_t *entry_json(const struct lb_list_entry *e)
{
	const struct lb_scenario *s = e->scn;
	const struct lb_run_spec *r0 = s->n_runs ? &s->runs[0] : NULL;
	json_t *o = json_object(), *ctrs = json_array(), *groups = json_array();
	json_t *machine = json_object();

	json_object_set_new(o, "name", lb_report_json_string(s->name));
	json_object_set_new(o, "file", lb_report_json_string(s->file));
	json_object_set_new(o, "description", lb_report_json_string(s->description));
	json_object_set_new(o, "matrix", matrix_json(s));
	json_object_set_new(o, "matrix_size", json_integer((json_int_t)s->n_runs));
	json_object_set_new(o, "runs", json_integer((json_int_t)total_runs(s)));
	for (size_t i = 0; r0 && i < r0->n_ctrs; i++) {
		json_t *c = json_object();

		json_object_set_new(c, "name", lb_report_json_string(r0->ctrs[i].name));
		json_object_set_new(c, "group", lb_report_json_string(r0->ctrs[i].group));
		json_object_set_new(c, "limits", limits_over_runs(s, i, false));
		json_array_append_new(ctrs, c);
	}
	for (size_t i = 0; r0 && i < r0->n_groups; i++) {
		json_t *g = json_object();

		json_object_set_new(g, "name", lb_report_json_string(r0->groups[i].name));
		json_object_set_new(g, "parent", lb_report_json_string(r0->groups[i].parent));
		json_object_set_new(g, "limits", limits_over_runs(s, i, true));
		json_array_append_new(groups, g);
	}
	json_object_set_new(o, "containers", ctrs);
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "expectations", json_integer(r0 ? (json_int_t)r0->n_expects : 0));
	json_object_set_new(machine, "status", json_string(lb_list_machine_name(e->machine)));
	json_object_set_new(machine, "reason", lb_report_json_string(e->reason));
	json_object_set_new(o, "machine", machine);
	return o;
}

int lb_list_print_json(FILE *out, const struct lb_list_entry *v, size_t n, lb_error *err)
{
	json_t *a = json_array();
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, entry_json(&v[i]));
	text = lb_report_json_text(a, &len);
	json_decref(a);
	if (fwrite(text, 1, len, out) != len || fflush(out) != 0)
		return lb_error_sys(err, "writing the list");
	return 0;
}
