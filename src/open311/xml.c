/* The spec's XML, written from the same values as the JSON (the Spark convention backwards). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "open311/internal.h"

struct xbuf {
	char *p;
	size_t len, cap;
};

static void put(struct xbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q)
			abort();
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct xbuf *b, const char *s) { put(b, s, strlen(s)); }

/* Text as XML 1.0 takes it: the five escapes, and no control character but tab and line
 * breaks (the values are valid UTF-8 already). */
static void text(struct xbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': puts_(b, "&amp;"); break;
		case '<': puts_(b, "&lt;"); break;
		case '>': puts_(b, "&gt;"); break;
		case '"': puts_(b, "&quot;"); break;
		case '\'': puts_(b, "&apos;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				put(b, s, 1);
		}
	}
}

static const char *singular(const char *name)
{
	static const char *const names[][2] = {
		{"services", "service"}, {"service_requests", "request"}, {"errors", "error"},
		{"attributes", "attribute"}, {"values", "value"}, {"endpoints", "endpoint"},
		{"formats", "format"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i][0]) == 0)
			return names[i][1];
	return "item";
}

static void element(struct xbuf *b, const char *name, const json_t *v, int depth)
{
	char num[64];
	for (int i = 0; i < depth; i++)
		puts_(b, "  ");
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	    (json_is_array(v) && !json_array_size(v))) {
		puts_(b, "<"), puts_(b, name), puts_(b, "/>\n");
		return;
	}
	puts_(b, "<"), puts_(b, name), puts_(b, ">");
	if (json_is_object(v)) {
		puts_(b, "\n");
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			element(b, k, x, depth + 1);
		for (int i = 0; i < depth; i++)
			puts_(b, "  ");
	} else if (json_is_array(v)) {
		puts_(b, "\n");
		size_t i;
		json_t *x;
		const char *item = singular(name);
		json_array_foreach(v, i, x)
			element(b, item, x, depth + 1);
		for (int j = 0; j < depth; j++)
			puts_(b, "  ");
	} else if (json_is_string(v)) {
		text(b, json_string_value(v));
	} else if (json_is_true(v)) {
		puts_(b, "true");
	} else if (json_is_false(v)) {
		puts_(b, "false");
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		puts_(b, num);
	} else {
		/* a real as JSON writes it: the shortest text that reads back the same */
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(12));
		puts_(b, s ? s : "");
		free(s);
	}
	puts_(b, "</"), puts_(b, name), puts_(b, ">\n");
}

const char *o311_xml(struct ctx *cx, const char *root, const json_t *v, size_t *len)
{
	struct xbuf b = {0};
	puts_(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	element(&b, root, v, 0);
	char *out = arena_strndup(cx->a, b.p, b.len);
	*len = b.len;
	free(b.p);
	return out;
}
