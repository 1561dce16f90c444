/* SPDX-License-Identifier: MIT */
/*
 * Reporting a problem at a node of the file, and the shape checks every key uses: is it
 * a single value, a map, a list; are its keys known.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"
#include "util/alloc.h"
#include "util/cleanup.h"

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

/* Remember the problem; true when the very same one was reported before. */
static bool seen_before(struct lb_vctx *c, struct lb_pos pos, const char *origin, const char *msg)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv1a(h, &pos, sizeof(pos));
	h = fnv1a(h, origin, strlen(origin) + 1);
	h = fnv1a(h, msg, strlen(msg));
	if (h == 0)
		h = 1; /* 0 marks an empty slot */
	if (2 * (c->seen_n + 1) > c->seen_cap) {
		size_t cap = c->seen_cap ? 2 * c->seen_cap : 64;
		uint64_t *v = lb_xcalloc(cap, sizeof(*v));
		for (size_t i = 0; i < c->seen_cap; i++) {
			if (!c->seen[i])
				continue;
			size_t k = c->seen[i] & (cap - 1);
			while (v[k])
				k = (k + 1) & (cap - 1);
			v[k] = c->seen[i];
		}
		free(c->seen);
		c->seen = v;
		c->seen_cap = cap;
	}
	size_t k = h & (c->seen_cap - 1);
	for (; c->seen[k]; k = (k + 1) & (c->seen_cap - 1))
		if (c->seen[k] == h)
			return true;
	c->seen[k] = h;
	c->seen_n++;
	return false;
}

void lb_vdiag(struct lb_vctx *c, const struct lb_ynode *n, size_t off, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg && n && n->kind == LB_Y_SCALAR && c->values) {
		char *with = NULL;
		for (size_t i = 0; i < c->n_params; i++) {
			_cleanup_free_ char *ref = lb_xasprintf("${%s}", c->params[i].name);
			if (!c->values[i] || !strstr(n->str, ref))
				continue;
			char *w = lb_xasprintf("%s%s%s=%s", with ? with : "", with ? ", " : "",
					       c->params[i].name, c->values[i]);
			free(with);
			with = w;
		}
		if (with) {
			char *m = lb_xasprintf("%s" LB_DIAG_CONTEXT " (with %s)", msg, with);
			free(with);
			free(msg);
			msg = m;
		}
	}
	struct lb_pos pos = !n		      ? (struct lb_pos){1, 1}
			    : n->origin	      ? (struct lb_pos){0, 0}
			    : off == LB_WHOLE ? n->pos
					      : lb_ynode_pos_at(n, off);
	if (!msg)
		msg = lb_xstrdup("?");
	if (seen_before(c, pos, n && n->origin ? n->origin : "", msg))
		return;
	if (n && n->origin)
		lb_diags_add(c->diags, c->file, pos, "%s: %s", n->origin, msg);
	else
		lb_diags_add(c->diags, c->file, pos, "%s", msg);
}

bool lb_want_scalar(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind != LB_Y_SCALAR) {
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a single value, not %s", key,
			 lb_ynode_kind_name(n));
		return false;
	}
	if (lb_ynode_is_null(n)) {
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value", key);
		return false;
	}
	return true;
}

bool lb_want_map(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind == LB_Y_MAP)
		return true;
	if (lb_ynode_is_null(n))
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value (expected a map of keys)", key);
	else
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a map of keys, not %s", key,
			 lb_ynode_kind_name(n));
	return false;
}

bool lb_want_list(struct lb_vctx *c, const struct lb_ynode *n, const char *key)
{
	if (n->kind == LB_Y_SEQ)
		return true;
	if (lb_ynode_is_null(n))
		lb_vdiag(c, n, LB_WHOLE, "%s: missing value (expected a list)", key);
	else
		lb_vdiag(c, n, LB_WHOLE, "%s: expected a list, not %s", key, lb_ynode_kind_name(n));
	return false;
}

/* Edit distance, for "did you mean" (keys are short). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Report every key of map that is not in allowed (NULL-terminated). */
void lb_check_keys(struct lb_vctx *c, const struct lb_ynode *map, const char *what,
		   const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		const char *close = NULL;
		size_t best = 3;
		bool ok = false;

		for (const char *const *a = allowed; *a; a++) {
			if (!strcmp(k, *a))
				ok = true;
			size_t d = edit_distance(k, *a);
			if (d < best) {
				best = d;
				close = *a;
			}
		}
		if (ok)
			continue;
		char list[512] = "";
		size_t len = 0;
		for (const char *const *a = allowed; *a; a++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						a == allowed ? ""
						: a[1]	     ? ", "
							     : " or ",
						*a);
		if (close)
			lb_vdiag(c, map->keys[i], LB_WHOLE,
				 "unknown key '%s' in %s: did you mean '%s'?", k, what, close);
		else
			lb_vdiag(c, map->keys[i], LB_WHOLE, "unknown key '%s' in %s (expected %s)",
				 k, what, list);
	}
}
