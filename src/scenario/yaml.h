/* SPDX-License-Identifier: MIT */
#ifndef LB_SCENARIO_YAML_H
#define LB_SCENARIO_YAML_H

/*
 * The YAML of a scenario file as a small tree of maps, lists and scalars, each with the
 * position it came from.  libyaml does the parsing; this file only refuses what a scenario
 * never needs and what could hurt (aliases and anchors, tags, more than one document,
 * deep nesting, huge files or lists) and turns libyaml's errors into diagnostics.
 */

#include <stdbool.h>
#include <stddef.h>

#include "scenario/scenario.h"

#define LB_YAML_MAX_SIZE  (1u << 20) /* bytes */
#define LB_YAML_MAX_DEPTH 32
#define LB_YAML_MAX_ITEMS 10000 /* per list or map */

enum lb_ynode_kind {
	LB_Y_SCALAR,
	LB_Y_MAP,
	LB_Y_SEQ,
};

enum lb_yscalar_style {
	LB_Y_PLAIN,
	LB_Y_SINGLE, /* 'single quoted' */
	LB_Y_DOUBLE, /* "double quoted" */
	LB_Y_BLOCK,  /* | literal or > folded */
};

struct lb_ynode {
	enum lb_ynode_kind kind;
	struct lb_pos pos, end; /* first character, and one past the last */
	/* A scalar: its value (NUL-terminated; len excludes the NUL) and how it was written. */
	char *str;
	size_t len;
	enum lb_yscalar_style style;
	/* A value given on the command line (--set NAME=VALUE) rather than in the file: the
	 * text to name it by in diagnostics, whose position is then 0:0. */
	const char *origin;
	/* A map: keys[i] -> items[i] (keys are scalars, no duplicates); a list: items[i]. */
	struct lb_ynode **keys;
	struct lb_ynode **items;
	size_t n, cap;
};

/*
 * Parse buf.  Returns the root (a NULL root when the file holds no document) or -1 when
 * the file could not be read as YAML at all; every problem found is added to diags, and
 * problems that still leave a usable tree (a duplicate key, an alias) do not make it fail.
 */
int lb_yaml_parse(const char *file, const char *buf, size_t len, struct lb_ynode **root,
		  struct lb_diags *diags);
void lb_ynode_free(struct lb_ynode *n);

/* A plain scalar that YAML reads as null: empty, "~" or "null". */
bool lb_ynode_is_null(const struct lb_ynode *n);
/* The value of key in map n, or NULL. */
struct lb_ynode *lb_ynode_get(const struct lb_ynode *map, const char *key);
/* "a map", "a list", "a scalar" */
const char *lb_ynode_kind_name(const struct lb_ynode *n);
/* The position of byte off of a scalar's value in the file: exact for one-line plain and
 * quoted scalars without escapes, else the scalar's start. */
struct lb_pos lb_ynode_pos_at(const struct lb_ynode *n, size_t off);

/* A scalar made from a --set value: origin is kept by reference. */
struct lb_ynode *lb_ynode_new_scalar(const char *value, const char *origin);

#endif
