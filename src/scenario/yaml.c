/* SPDX-License-Identifier: MIT */
#include "scenario/yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/alloc.h"

/* The position of byte offset off in buf; columns count characters, as libyaml's do. */
static struct lb_pos pos_of_offset(const char *buf, size_t len, size_t off)
{
	struct lb_pos p = {1, 1};

	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			p.col++;
		}
	}
	return p;
}

/* The byte offset of a libyaml mark (0-based line and character column). */
static size_t offset_of_mark(const char *buf, size_t len, yaml_mark_t m)
{
	size_t i = 0, line = 0, col = 0;

	while (i < len && line < m.line)
		if (buf[i++] == '\n')
			line++;
	while (i < len && col < m.column && buf[i] != '\n') {
		i++;
		while (i < len && ((unsigned char)buf[i] & 0xc0) == 0x80)
			i++;
		col++;
	}
	return i;
}

static struct lb_pos pos_of_mark(yaml_mark_t m)
{
	return (struct lb_pos){(unsigned)m.line + 1, (unsigned)m.column + 1};
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if it is not valid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	uint32_t c;
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4, c = p[0] & 0x07;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
	if ((k == 3 && c < 0x800) || (k == 4 && c < 0x10000) || (c >= 0xd800 && c <= 0xdfff) ||
	    c > 0x10ffff)
		return 0;
	return k;
}

/* libyaml stops at these too, but says less about where and why. */
static int check_bytes(const char *file, const char *buf, size_t len, struct lb_diags *diags)
{
	for (size_t i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)buf + i;
		if (*p == 0) {
			lb_diags_add(diags, file, pos_of_offset(buf, len, i),
				     "NUL byte in the file (a scenario is text)");
			return -1;
		}
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f) {
			lb_diags_add(diags, file, pos_of_offset(buf, len, i),
				     "control character 0x%02x (YAML allows tab, CR and LF only)",
				     *p);
			return -1;
		}
		size_t k = utf8_len(p, len - i);
		if (!k) {
			lb_diags_add(diags, file, pos_of_offset(buf, len, i),
				     "invalid UTF-8 (byte 0x%02x)", *p);
			return -1;
		}
		i += k;
	}
	return 0;
}

void lb_ynode_free(struct lb_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			lb_ynode_free(n->keys[i]);
		lb_ynode_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->str);
	free(n);
}

struct lb_ynode *lb_ynode_new_scalar(const char *value, const char *origin)
{
	struct lb_ynode *n = lb_xzalloc(sizeof(*n));

	n->kind = LB_Y_SCALAR;
	n->str = lb_xstrdup(value);
	n->len = strlen(value);
	/* A command-line value is a string as given: never null. */
	n->style = LB_Y_SINGLE;
	n->origin = origin;
	return n;
}

bool lb_ynode_is_null(const struct lb_ynode *n)
{
	return n->kind == LB_Y_SCALAR && n->style == LB_Y_PLAIN &&
	       (n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
		!strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

struct lb_ynode *lb_ynode_get(const struct lb_ynode *map, const char *key)
{
	if (!map || map->kind != LB_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i]->str, key))
			return map->items[i];
	return NULL;
}

const char *lb_ynode_kind_name(const struct lb_ynode *n)
{
	switch (n->kind) {
	case LB_Y_MAP:
		return "a map";
	case LB_Y_SEQ:
		return "a list";
	case LB_Y_SCALAR:
	default:
		return "a scalar";
	}
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

struct lb_pos lb_ynode_pos_at(const struct lb_ynode *n, size_t off)
{
	struct lb_pos p = n->pos;
	size_t chars, width;

	if (n->kind != LB_Y_SCALAR || n->origin || n->pos.line != n->end.line || off > n->len)
		return p;
	chars = utf8_chars(n->str, n->len);
	width = n->end.col - n->pos.col;
	/* The value is the text as written only when it spans exactly its characters (plus
	 * the two quotes): no escapes, no folding. */
	if (n->style == LB_Y_PLAIN && width == chars) {
		p.col += (unsigned)utf8_chars(n->str, off);
	} else if ((n->style == LB_Y_SINGLE || n->style == LB_Y_DOUBLE) && width == chars + 2) {
		p.col += 1 + (unsigned)utf8_chars(n->str, off);
	}
	return p;
}

struct builder {
	const char *file;
	const char *buf;
	size_t len;
	struct lb_diags *diags;
	struct lb_ynode *stack[LB_YAML_MAX_DEPTH];
	/* The key waiting for its value, per open map. */
	struct lb_ynode *pending[LB_YAML_MAX_DEPTH];
	size_t depth;
	struct lb_ynode *root;
	unsigned docs;
	bool poisoned; /* a problem after which the tree does not mean what the file says */
};

static struct lb_ynode *find_key(const struct lb_ynode *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i]->str, key))
			return map->keys[i];
	return NULL;
}

/* Hang a finished node on the open collection (or make it the root).  -1: too many. */
static int attach(struct builder *b, struct lb_ynode *node)
{
	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	struct lb_ynode *parent = b->stack[b->depth - 1];
	if (parent->n >= LB_YAML_MAX_ITEMS) {
		lb_diags_add(b->diags, b->file, node->pos, "more than %d items in one %s",
			     LB_YAML_MAX_ITEMS, parent->kind == LB_Y_MAP ? "map" : "list");
		lb_ynode_free(node);
		return -1;
	}
	if (parent->kind == LB_Y_SEQ) {
		lb_xgrow(&parent->items, &parent->cap, parent->n + 1, sizeof(*parent->items));
		parent->items[parent->n++] = node;
		return 0;
	}
	struct lb_ynode *key = b->pending[b->depth - 1];
	if (!key) {
		if (node->kind != LB_Y_SCALAR) {
			lb_diags_add(b->diags, b->file, node->pos, "a key must be a scalar, not %s",
				     lb_ynode_kind_name(node));
			b->poisoned = true;
		}
		b->pending[b->depth - 1] = node;
		return 0;
	}
	b->pending[b->depth - 1] = NULL;
	if (key->kind != LB_Y_SCALAR) {
		lb_ynode_free(key);
		lb_ynode_free(node);
		return 0;
	}
	struct lb_ynode *first = find_key(parent, key->str);
	if (first) {
		lb_diags_add(b->diags, b->file, key->pos, "duplicate key '%s' (first at %u:%u)",
			     key->str, first->pos.line, first->pos.col);
		lb_ynode_free(key);
		lb_ynode_free(node);
		return 0;
	}
	size_t cap = parent->cap;
	lb_xgrow(&parent->items, &parent->cap, parent->n + 1, sizeof(*parent->items));
	lb_xgrow(&parent->keys, &cap, parent->n + 1, sizeof(*parent->keys));
	parent->keys[parent->n] = key;
	parent->items[parent->n++] = node;
	return 0;
}

static struct lb_ynode *new_node(enum lb_ynode_kind kind, const yaml_event_t *ev)
{
	struct lb_ynode *n = lb_xzalloc(sizeof(*n));

	n->kind = kind;
	n->pos = pos_of_mark(ev->start_mark);
	n->end = pos_of_mark(ev->end_mark);
	return n;
}

/* Anchors and tags are refused, but the tree stays usable: report and go on. */
static void refuse_decorations(struct builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
			       const yaml_char_t *tag)
{
	if (anchor)
		lb_diags_add(b->diags, b->file, pos_of_mark(ev->start_mark),
			     "anchors (&%s) are not allowed in a scenario", (const char *)anchor);
	if (tag)
		lb_diags_add(b->diags, b->file, pos_of_mark(ev->start_mark),
			     "tags (%s) are not allowed in a scenario: quote the value instead",
			     (const char *)tag);
}

static void libyaml_error(struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "invalid YAML";
	struct lb_pos pos;

	if (p->error == YAML_READER_ERROR) {
		pos = pos_of_offset(b->buf, b->len, p->problem_offset);
		lb_diags_add(b->diags, b->file, pos, "%s", problem);
		return;
	}
	pos = pos_of_mark(p->problem_mark);
	size_t off = offset_of_mark(b->buf, b->len, p->problem_mark);
	/* libyaml says "found character that cannot start any token": say which one. */
	if (off < b->len && b->buf[off] == '\t') {
		lb_diags_add(b->diags, b->file, pos,
			     "tab character: YAML indents with spaces only");
		return;
	}
	if (p->context)
		lb_diags_add(b->diags, b->file, pos, "%s (%s that starts at %u:%u)", problem,
			     p->context, (unsigned)p->context_mark.line + 1,
			     (unsigned)p->context_mark.column + 1);
	else
		lb_diags_add(b->diags, b->file, pos, "%s", problem);
}

/* One event.  Returns 1 to go on, 0 at the end of the stream, -1 to stop. */
static int on_event(struct builder *b, const yaml_event_t *ev)
{
	struct lb_ynode *n;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
		return 1;
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1) {
			lb_diags_add(b->diags, b->file, pos_of_mark(ev->start_mark),
				     "a second document: a scenario file holds one");
			return -1;
		}
		return 1;
	case YAML_DOCUMENT_END_EVENT:
		return 1;
	case YAML_ALIAS_EVENT:
		/* Never expanded (alias bombs), and the tree would not mean what the file
		 * says without them. */
		lb_diags_add(b->diags, b->file, pos_of_mark(ev->start_mark),
			     "aliases (*%s) are not allowed in a scenario",
			     (const char *)ev->data.alias.anchor);
		b->poisoned = true;
		n = new_node(LB_Y_SCALAR, ev);
		n->str = lb_xstrdup("");
		return attach(b, n) < 0 ? -1 : 1;
	case YAML_SCALAR_EVENT:
		refuse_decorations(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
		n = new_node(LB_Y_SCALAR, ev);
		n->str = lb_xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			n->style = LB_Y_SINGLE;
			break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			n->style = LB_Y_DOUBLE;
			break;
		case YAML_LITERAL_SCALAR_STYLE:
		case YAML_FOLDED_SCALAR_STYLE:
			n->style = LB_Y_BLOCK;
			break;
		case YAML_PLAIN_SCALAR_STYLE:
		case YAML_ANY_SCALAR_STYLE:
		default:
			n->style = LB_Y_PLAIN;
			break;
		}
		/* A NUL written as "\0" would cut the string short unnoticed. */
		if (strlen(n->str) != n->len) {
			lb_diags_add(b->diags, b->file, n->pos, "a NUL character in a value");
			b->poisoned = true;
		}
		return attach(b, n) < 0 ? -1 : 1;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (ev->type == YAML_MAPPING_START_EVENT)
			refuse_decorations(b, ev, ev->data.mapping_start.anchor,
					   ev->data.mapping_start.tag);
		else
			refuse_decorations(b, ev, ev->data.sequence_start.anchor,
					   ev->data.sequence_start.tag);
		if (b->depth >= LB_YAML_MAX_DEPTH) {
			lb_diags_add(b->diags, b->file, pos_of_mark(ev->start_mark),
				     "nested more than %d levels deep", LB_YAML_MAX_DEPTH);
			return -1;
		}
		n = new_node(ev->type == YAML_MAPPING_START_EVENT ? LB_Y_MAP : LB_Y_SEQ, ev);
		b->pending[b->depth] = NULL;
		b->stack[b->depth++] = n;
		return 1;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		n = b->stack[--b->depth];
		n->end = pos_of_mark(ev->end_mark);
		/* libyaml always pairs keys and values, so nothing is pending here. */
		lb_ynode_free(b->pending[b->depth]);
		b->pending[b->depth] = NULL;
		return attach(b, n) < 0 ? -1 : 1;
	default:
		return 1;
	}
}

int lb_yaml_parse(const char *file, const char *buf, size_t len, struct lb_ynode **root,
		  struct lb_diags *diags)
{
	struct builder b = {.file = file, .buf = buf, .len = len, .diags = diags};
	yaml_parser_t parser;
	int r = -1;

	*root = NULL;
	if (len > LB_YAML_MAX_SIZE) {
		lb_diags_add(diags, file, (struct lb_pos){1, 1}, "the file is larger than %u KiB",
			     LB_YAML_MAX_SIZE / 1024);
		return -1;
	}
	if (check_bytes(file, buf, len, diags) < 0)
		return -1;
	/* A UTF-8 byte order mark: libyaml only skips it when it detects the encoding itself,
	 * and it is no character of line 1 for an editor either. */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
		b.buf = buf;
		b.len = len;
	}
	if (!yaml_parser_initialize(&parser)) {
		lb_diags_add(diags, file, (struct lb_pos){1, 1}, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			libyaml_error(&b, &parser);
			break;
		}
		int k = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (k < 0)
			break;
		if (k == 0) {
			r = b.poisoned ? -1 : 0;
			break;
		}
	}
	yaml_parser_delete(&parser);
	/* After an error, free what is still open. */
	while (b.depth > 0) {
		b.depth--;
		lb_ynode_free(b.pending[b.depth]);
		lb_ynode_free(b.stack[b.depth]);
	}
	if (r < 0) {
		lb_ynode_free(b.root);
		return -1;
	}
	*root = b.root;
	return 0;
}
