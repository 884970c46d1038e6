#include "base/xlsx.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/text.h"

/* ------------------------------------------------------------------------------------------ */
/* the zip */

struct entry {
	const char *name;      /* NUL-terminated copy */
	uint32_t crc, packed, unpacked, offset;
	uint16_t method;
};

struct zip {
	const unsigned char *d;
	size_t len;
	struct entry *e;
	size_t n;
};

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The central directory: every entry's name, sizes and where it is. */
static int zip_open(struct arena *a, const char *data, size_t len, struct zip *z, const char **why)
{
	const unsigned char *d = (const unsigned char *)data;
	*z = (struct zip){d, len, NULL, 0};
	*why = "xlsx_zip";
	if (len < 22)
		return -1;
	size_t eocd = 0;
	bool found = false;
	for (size_t back = 22; back <= len && back <= 22 + 65535; back++) {
		size_t at = len - back;
		if (rd32(d + at) == 0x06054b50) {
			eocd = at;
			found = true;
			break;
		}
	}
	if (!found)
		return -1;
	uint16_t count = rd16(d + eocd + 10);
	uint32_t size = rd32(d + eocd + 12), start = rd32(d + eocd + 16);
	if (count > XLSX_MAX_ENTRIES) {
		*why = "xlsx_limits";
		return -1;
	}
	if ((size_t)start + size > eocd)
		return -1;
	z->e = arena_alloc(a, (count ? count : 1) * sizeof *z->e);
	size_t p = start;
	for (uint16_t i = 0; i < count; i++) {
		if (p + 46 > eocd || rd32(d + p) != 0x02014b50)
			return -1;
		struct entry *e = &z->e[z->n++];
		e->method = rd16(d + p + 10);
		e->crc = rd32(d + p + 16);
		e->packed = rd32(d + p + 20);
		e->unpacked = rd32(d + p + 24);
		uint16_t nl = rd16(d + p + 28), xl = rd16(d + p + 30), cl = rd16(d + p + 32);
		e->offset = rd32(d + p + 42);
		if (p + 46 + (size_t)nl + xl + cl > eocd)
			return -1;
		e->name = arena_strndup(a, (const char *)d + p + 46, nl);
		if (strlen(e->name) != nl)   /* a NUL in a name */
			return -1;
		p += 46 + (size_t)nl + xl + cl;
	}
	return 0;
}

static const struct entry *zip_find(const struct zip *z, const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->e[i].name, name) == 0)
			return &z->e[i];
	return NULL;
}

/* One entry unpacked (NUL-terminated), its size and checksum checked. */
static int zip_read(struct arena *a, const struct zip *z, const struct entry *e, char **out,
		    size_t *outlen, const char **why)
{
	*why = "xlsx_limits";
	if (e->unpacked > XLSX_MAX_UNPACKED ||
	    (e->method == 8 && e->unpacked > (uint64_t)e->packed * XLSX_MAX_RATIO + 65536))
		return -1;
	*why = "xlsx_zip";
	size_t p = e->offset;
	if (p + 30 > z->len || rd32(z->d + p) != 0x04034b50)
		return -1;
	size_t at = p + 30 + rd16(z->d + p + 26) + rd16(z->d + p + 28);
	if (at > z->len || e->packed > z->len - at)
		return -1;
	char *buf = arena_alloc(a, (size_t)e->unpacked + 1);
	if (e->method == 0) {
		if (e->packed != e->unpacked)
			return -1;
		memcpy(buf, z->d + at, e->unpacked);
	} else if (e->method == 8) {
		z_stream s;
		memset(&s, 0, sizeof s);
		if (inflateInit2(&s, -15) != Z_OK)
			return -1;
		s.next_in = (Bytef *)(uintptr_t)(z->d + at);
		s.avail_in = e->packed;
		s.next_out = (Bytef *)buf;
		s.avail_out = e->unpacked + 1;   /* one more: more than declared is an error */
		int rc = inflate(&s, Z_FINISH);
		size_t got = s.total_out;
		inflateEnd(&s);
		if (rc != Z_STREAM_END || got != e->unpacked)
			return -1;
	} else {
		return -1;
	}
	if (crc32(0, (const Bytef *)buf, e->unpacked) != e->crc)
		return -1;
	buf[e->unpacked] = '\0';
	*out = buf;
	*outlen = e->unpacked;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* a strict little XML scanner: tags with attributes, and text with its entities decoded */

enum tok { T_END, T_OPEN, T_CLOSE, T_TEXT, T_ERR };

struct xml {
	const char *p, *end;
	/* the last tag: its local name, whether it closed itself, its attributes' span */
	const char *name;
	size_t nlen;
	bool empty;
	const char *attrs, *attrs_end;
	const char *text;      /* raw text span */
	size_t tlen;
	bool cdata;            /* the text is a CDATA section: taken as it is */
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == ':' || c == '_' || c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

static enum tok xml_next(struct xml *x)
{
	if (x->p >= x->end)
		return T_END;
	if (*x->p != '<') {
		const char *s = x->p;
		while (x->p < x->end && *x->p != '<')
			x->p++;
		x->text = s;
		x->tlen = (size_t)(x->p - s);
		x->cdata = false;
		return T_TEXT;
	}
	const char *s = x->p + 1;
	if (s < x->end && (*s == '?' || *s == '!')) {
		const char *close = *s == '?' ? "?>" : strncmp(s, "!--", 3) == 0 ? "-->"
			: strncmp(s, "![CDATA[", 8) == 0 ? "]]>" : ">";
		const char *e = memmem(s, (size_t)(x->end - s), close, strlen(close));
		if (!e)
			return T_ERR;
		if (strcmp(close, "]]>") == 0) {
			x->text = s + 8;
			x->tlen = (size_t)(e - s - 8);
			x->p = e + 3;
			x->cdata = true;
			return T_TEXT;
		}
		x->p = e + strlen(close);
		return xml_next(x);
	}
	bool closing = s < x->end && *s == '/';
	if (closing)
		s++;
	const char *n = s;
	while (s < x->end && name_char(*s))
		s++;
	if (s == n)
		return T_ERR;
	const char *colon = memchr(n, ':', (size_t)(s - n));
	x->name = colon ? colon + 1 : n;
	x->nlen = (size_t)(s - x->name);
	x->attrs = s;
	char q = 0;
	while (s < x->end && (q || *s != '>')) {
		if (q && *s == q)
			q = 0;
		else if (!q && (*s == '"' || *s == '\''))
			q = *s;
		s++;
	}
	if (s >= x->end)
		return T_ERR;
	x->empty = s > x->attrs && s[-1] == '/';
	x->attrs_end = x->empty ? s - 1 : s;
	x->p = s + 1;
	return closing ? T_CLOSE : T_OPEN;
}

static bool is(const struct xml *x, const char *name)
{
	return x->name && strlen(name) == x->nlen && memcmp(x->name, name, x->nlen) == 0;
}

/* Append decoded text to out (at most max bytes in all): 0, or -1 on a bad entity or too much. */
static int xml_text(const char *s, size_t n, char *out, size_t *len, size_t max)
{
	for (size_t i = 0; i < n;) {
		char c = s[i];
		unsigned cp = 0;
		if (c == '&') {
			const char *semi = memchr(s + i, ';', n - i);
			if (!semi || semi - (s + i) > 10)
				return -1;
			size_t el = (size_t)(semi - (s + i)) + 1;
			const char *ent = s + i + 1;
			if (strncmp(ent, "lt;", 3) == 0) cp = '<';
			else if (strncmp(ent, "gt;", 3) == 0) cp = '>';
			else if (strncmp(ent, "amp;", 4) == 0) cp = '&';
			else if (strncmp(ent, "quot;", 5) == 0) cp = '"';
			else if (strncmp(ent, "apos;", 5) == 0) cp = '\'';
			else if (ent[0] == '#') {
				char *endp;
				unsigned long v = ent[1] == 'x' ? strtoul(ent + 2, &endp, 16) : strtoul(ent + 1, &endp, 10);
				if (endp != semi || v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
					return -1;
				cp = (unsigned)v;
			} else {
				return -1;
			}
			i += el;
			char u[4];
			size_t k = 0;
			if (cp < 0x80) {
				u[k++] = (char)cp;
			} else if (cp < 0x800) {
				u[k++] = (char)(0xC0 | cp >> 6);
				u[k++] = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				u[k++] = (char)(0xE0 | cp >> 12);
				u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[k++] = (char)(0x80 | (cp & 0x3F));
			} else {
				u[k++] = (char)(0xF0 | cp >> 18);
				u[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
				u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[k++] = (char)(0x80 | (cp & 0x3F));
			}
			if (*len + k > max)
				return -1;
			memcpy(out + *len, u, k);
			*len += k;
			continue;
		}
		if (*len + 1 > max)
			return -1;
		out[(*len)++] = c;
		i++;
	}
	return 0;
}

/* An attribute's value (raw: these are names and numbers) by its local name. */
static const char *attr(struct arena *a, const struct xml *x, const char *name, bool prefixed)
{
	const char *s = x->attrs;
	while (s < x->attrs_end) {
		while (s < x->attrs_end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
			s++;
		const char *n = s;
		while (s < x->attrs_end && name_char(*s))
			s++;
		const char *ne = s;
		if (s >= x->attrs_end || *s != '=' || s + 1 >= x->attrs_end)
			return NULL;
		char q = s[1];
		if (q != '"' && q != '\'')
			return NULL;
		const char *v = s + 2, *ve = memchr(v, q, (size_t)(x->attrs_end - v));
		if (!ve)
			return NULL;
		const char *colon = memchr(n, ':', (size_t)(ne - n));
		const char *local = colon ? colon + 1 : n;
		if ((size_t)(ne - local) == strlen(name) && memcmp(local, name, strlen(name)) == 0 &&
		    (!prefixed || colon))
			return arena_strndup(a, v, (size_t)(ve - v));
		s = ve + 1;
	}
	return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* the workbook */

/* The path in the zip of the first worksheet, by workbook.xml and its relationships. */
static const char *first_sheet(struct arena *a, const struct zip *z)
{
	const struct entry *wb = zip_find(z, "xl/workbook.xml"), *rels = zip_find(z, "xl/_rels/workbook.xml.rels");
	char *text, *rtext;
	size_t n, rn;
	const char *why;
	if (!wb || !rels || zip_read(a, z, wb, &text, &n, &why) < 0 ||
	    zip_read(a, z, rels, &rtext, &rn, &why) < 0)
		return zip_find(z, "xl/worksheets/sheet1.xml") ? "xl/worksheets/sheet1.xml" : NULL;
	struct xml x = {.p = text, .end = text + n};
	const char *rid = NULL;
	for (enum tok t; !rid && (t = xml_next(&x)) != T_END && t != T_ERR;)
		if (t == T_OPEN && is(&x, "sheet"))
			rid = attr(a, &x, "id", true);
	if (!rid)
		return NULL;
	x = (struct xml){.p = rtext, .end = rtext + rn};
	for (enum tok t; (t = xml_next(&x)) != T_END && t != T_ERR;) {
		if (t != T_OPEN || !is(&x, "Relationship"))
			continue;
		const char *id = attr(a, &x, "Id", false), *target = attr(a, &x, "Target", false);
		if (!id || !target || strcmp(id, rid) != 0)
			continue;
		if (target[0] == '/')
			return target + 1;
		return arena_printf(a, "xl/%s", target);
	}
	return NULL;
}

struct strings {
	char **s;
	size_t n;
};

/* sharedStrings.xml: each <si>'s text, its runs joined, phonetic guides (rPh) left out. */
static int shared_strings(struct arena *a, const struct zip *z, struct strings *ss, const char **why)
{
	*ss = (struct strings){NULL, 0};
	const struct entry *e = zip_find(z, "xl/sharedStrings.xml");
	if (!e)
		return 0;
	char *text;
	size_t n;
	if (zip_read(a, z, e, &text, &n, why) < 0)
		return -1;
	*why = "xlsx_xml";
	if (!utf8_valid(text, n))
		return -1;
	size_t cap = 0;
	struct xml x = {.p = text, .end = text + n};
	char *cell = arena_alloc(a, XLSX_MAX_CELL + 1);
	size_t clen = 0;
	bool in_si = false, in_t = false;
	int rph = 0;
	for (enum tok t; (t = xml_next(&x)) != T_END;) {
		if (t == T_ERR)
			return -1;
		bool done = false;
		if (t == T_OPEN && is(&x, "si")) {
			in_si = !x.empty;
			clen = 0;
			done = x.empty;
		} else if (t == T_OPEN && is(&x, "rPh") && !x.empty) {
			rph++;
		} else if (t == T_CLOSE && is(&x, "rPh")) {
			rph--;
		} else if (t == T_OPEN && is(&x, "t") && !x.empty) {
			in_t = true;
		} else if (t == T_CLOSE && is(&x, "t")) {
			in_t = false;
		} else if (t == T_TEXT && in_si && in_t && !rph) {
			if (x.cdata) {
				if (clen + x.tlen > XLSX_MAX_CELL)
					return -1;
				memcpy(cell + clen, x.text, x.tlen);
				clen += x.tlen;
			} else if (xml_text(x.text, x.tlen, cell, &clen, XLSX_MAX_CELL) < 0) {
				return -1;
			}
		} else if (t == T_CLOSE && is(&x, "si")) {
			in_si = false;
			done = true;
		}
		if (!done)
			continue;
		if (ss->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			char **ns = arena_alloc(a, nc * sizeof *ns);
			if (ss->n)
				memcpy(ns, ss->s, ss->n * sizeof *ns);
			ss->s = ns;
			cap = nc;
		}
		ss->s[ss->n++] = arena_strndup(a, cell, clen);
	}
	return 0;
}

/* "C12" → column 2 (from 0); -1 when it is not a reference. */
static int ref_col(const char *r)
{
	int c = 0, k = 0;
	for (; r[k] >= 'A' && r[k] <= 'Z'; k++) {
		c = c * 26 + (r[k] - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	return k && r[k] >= '0' && r[k] <= '9' ? c - 1 : -1;
}

int xlsx_read(struct arena *a, const char *data, size_t len, size_t max_rows, xlsx_row_fn fn,
	      void *arg, char *why, size_t whyn)
{
	const char *w = "xlsx_zip";
	struct zip z;
	struct strings ss;
	const char *path;
	const struct entry *e;
	char *text;
	size_t n;
	if (zip_open(a, data, len, &z, &w) < 0)
		goto fail;
	w = "xlsx_sheet";
	if (!(path = first_sheet(a, &z)) || !(e = zip_find(&z, path)))
		goto fail;
	if (shared_strings(a, &z, &ss, &w) < 0 || zip_read(a, &z, e, &text, &n, &w) < 0)
		goto fail;
	w = "xlsx_xml";
	if (!utf8_valid(text, n))
		goto fail;
	struct xml x = {.p = text, .end = text + n};
	char *row[XLSX_MAX_COLS];
	size_t ncols = 0, rownum = 0, rows = 0;
	int col = -1, next_col = 0;
	const char *type = NULL;
	char *cell = arena_alloc(a, XLSX_MAX_CELL + 1);
	size_t clen = 0;
	bool in_row = false, in_cell = false, in_v = false;
	for (enum tok t; (t = xml_next(&x)) != T_END;) {
		if (t == T_ERR)
			goto fail;
		if (t == T_OPEN && is(&x, "row")) {
			if (in_row)
				goto fail;
			const char *r = attr(a, &x, "r", false);
			size_t num = r ? strtoul(r, NULL, 10) : rownum + 1;
			if (num <= rownum || num > (size_t)1 << 20)
				goto fail;
			rownum = num;
			ncols = 0;
			next_col = 0;
			in_row = !x.empty;
		} else if (t == T_CLOSE && is(&x, "row")) {
			in_row = false;
			if (ncols) {
				if (++rows > max_rows) {
					w = "xlsx_limits";
					goto fail;
				}
				char **cells = arena_alloc(a, ncols * sizeof *cells);
				memcpy(cells, row, ncols * sizeof *cells);
				if (fn(arg, rownum, cells, ncols) < 0) {
					snprintf(why, whyn, "stopped");
					return -1;
				}
			}
		} else if (t == T_OPEN && is(&x, "c") && in_row) {
			const char *r = attr(a, &x, "r", false);
			col = r ? ref_col(r) : next_col;
			if (col < 0 || col < next_col)
				goto fail;
			if (col >= XLSX_MAX_COLS) {
				w = "xlsx_limits";
				goto fail;
			}
			next_col = col + 1;
			type = attr(a, &x, "t", false);
			clen = 0;
			in_cell = !x.empty;
		} else if (t == T_CLOSE && is(&x, "c") && in_cell) {
			in_cell = false;
			char *v = arena_strndup(a, cell, clen);
			if (type && strcmp(type, "s") == 0) {
				char *endp;
				unsigned long i = strtoul(v, &endp, 10);
				if (!*v || *endp || i >= ss.n)
					goto fail;
				v = ss.s[i];
			} else if (type && strcmp(type, "b") == 0) {
				v = arena_strdup(a, strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
			} else if (type && strcmp(type, "e") == 0) {
				v = arena_strdup(a, "");
			}
			while (ncols < (size_t)col)
				row[ncols++] = arena_strdup(a, "");
			row[ncols++] = v;
		} else if (t == T_OPEN && in_cell && (is(&x, "v") || is(&x, "t")) && !x.empty) {
			in_v = true;
		} else if (t == T_CLOSE && (is(&x, "v") || is(&x, "t"))) {
			in_v = false;
		} else if (t == T_TEXT && in_cell && in_v) {
			if (x.cdata) {
				if (clen + x.tlen > XLSX_MAX_CELL)
					goto fail;
				memcpy(cell + clen, x.text, x.tlen);
				clen += x.tlen;
			} else if (xml_text(x.text, x.tlen, cell, &clen, XLSX_MAX_CELL) < 0) {
				goto fail;
			}
		}
	}
	return 0;
fail:
	snprintf(why, whyn, "%s", w);
	return -1;
}
