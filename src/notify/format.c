/* What goes out: each destination kind's own message format and signature.
 *   webhook   POST the event as JSON; X-Linli-Signature: sha256=HEX(HMAC-SHA256(secret,
 *             timestamp + "." + body)) when it has a secret, X-Linli-Timestamp beside it.
 *   wecom     企业微信 group robot: {"msgtype": "markdown", "markdown": {"content"}} or text.
 *   dingtalk  钉钉 group robot: {"msgtype": "markdown", "markdown": {"title", "text"}} or text;
 *             with a secret, &timestamp=MS&sign=URLENC(BASE64(HMAC-SHA256(secret,
 *             MS + "\n" + secret))) on the URL. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "notify/internal.h"

static void hmac(const char *key, const char *msg, size_t len, unsigned char out[32])
{
	crypto_auth_hmacsha256_state s;
	crypto_auth_hmacsha256_init(&s, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)msg, len);
	crypto_auth_hmacsha256_final(&s, out);
}

static const char *urlenc(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *p = out;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			static const char hex[] = "0123456789ABCDEF";
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = 0;
	return out;
}

/* markdown of an event for a robot: its title in bold, its lines, its link */
static const char *markdown(struct arena *a, const struct notify_payload *p)
{
	const char *s = arena_printf(a, "**%s**\n", p->title);
	if (p->body && *p->body)
		s = arena_printf(a, "%s%s\n", s, p->body);
	if (p->link && *p->link)
		s = arena_printf(a, "%s[查看详情](%s)\n", s, p->link);
	return s;
}

static const char *plain(struct arena *a, const struct notify_payload *p)
{
	const char *s = arena_strdup(a, p->title);
	if (p->body && *p->body) {
		/* the lines without markdown's marks */
		char *b = arena_strdup(a, p->body), *w = b;
		for (const char *r = b; *r; r++)
			if (*r != '*' && *r != '>' && *r != '#')
				*w++ = *r;
		*w = 0;
		s = arena_printf(a, "%s\n%s", s, b);
	}
	if (p->link && *p->link)
		s = arena_printf(a, "%s\n%s", s, p->link);
	return s;
}

int notify_format(struct arena *a, int kind, const char *format, const char *url,
		  const char *secret, const struct notify_payload *p, int64_t now,
		  struct notify_message *out)
{
	memset(out, 0, sizeof *out);
	out->url = url;
	out->headers[out->nheaders++] = "Content-Type: application/json; charset=utf-8";
	bool md = !format || strcmp(format, "text") != 0;
	json_t *v;
	switch (kind) {
	case NOTIFY_WECOM:
		v = md ? json_pack("{s:s, s:{s:s}}", "msgtype", "markdown", "markdown", "content",
				   markdown(a, p))
		       : json_pack("{s:s, s:{s:s}}", "msgtype", "text", "text", "content", plain(a, p));
		break;
	case NOTIFY_DINGTALK:
		v = md ? json_pack("{s:s, s:{s:s, s:s}}", "msgtype", "markdown", "markdown", "title",
				   p->title, "text", markdown(a, p))
		       : json_pack("{s:s, s:{s:s}}", "msgtype", "text", "text", "content", plain(a, p));
		if (secret && *secret) {
			long long ms = (long long)now * 1000;
			const char *msg = arena_printf(a, "%lld\n%s", ms, secret);
			unsigned char mac[32];
			hmac(secret, msg, strlen(msg), mac);
			char b64[64];
			sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
			out->url = arena_printf(a, "%s%ctimestamp=%lld&sign=%s", url,
						strchr(url, '?') ? '&' : '?', ms, urlenc(a, b64));
		}
		break;
	case NOTIFY_WEBHOOK: {
		json_t *data = json_loads(p->data ? p->data : "{}", 0, NULL);
		json_t *topics = json_array();
		char *t = arena_strdup(a, p->topics ? p->topics : "");
		for (char *save = NULL, *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save))
			json_array_append_new(topics, json_string(w));
		char at[40];
		clock_iso(p->created_at, at, sizeof at);
		v = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:I}",
			      "id", p->uid, "event", p->event, "topics", topics, "created_at", at,
			      "entity", p->entity, "entity_id", arena_printf(a, "%lld", (long long)p->entity_id),
			      "ref", p->ref && *p->ref ? json_string(p->ref) : json_null(),
			      "title", p->title, "body", p->body ? p->body : "",
			      "link", p->link ? p->link : "", "data", data ? data : json_object(),
			      "delivery", (json_int_t)p->delivery_id);
		break;
	}
	default:
		return -1;
	}
	if (!v)
		return -1;
	out->body = json_to_arena(a, v, &out->body_len);
	json_decref(v);
	if (!out->body)
		return -1;
	if (kind == NOTIFY_WEBHOOK) {
		out->headers[out->nheaders++] = arena_printf(a, "X-Linli-Event: %s", p->event);
		out->headers[out->nheaders++] = arena_printf(a, "X-Linli-Event-Id: %s", p->uid);
		out->headers[out->nheaders++] = arena_printf(a, "X-Linli-Timestamp: %lld", (long long)now);
		if (secret && *secret) {
			const char *msg = arena_printf(a, "%lld.%s", (long long)now, out->body);
			unsigned char mac[32];
			hmac(secret, msg, strlen(msg), mac);
			char hex[65];
			sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
			out->headers[out->nheaders++] = arena_printf(a, "X-Linli-Signature: sha256=%s", hex);
		}
	}
	return 0;
}

bool notify_answer_ok(int kind, long status, const char *body, const char **why)
{
	*why = NULL;
	if (status < 200 || status > 299) {
		*why = "the answer's status is not 2xx";
		return false;
	}
	if (kind == NOTIFY_WEBHOOK)
		return true;
	/* the robots answer 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a refusal */
	json_t *v = json_loads(body, 0, NULL);
	json_t *code = v ? json_object_get(v, "errcode") : NULL;
	bool ok = json_is_integer(code) && json_integer_value(code) == 0;
	json_decref(v);
	if (!ok)
		*why = "the robot answered an errcode other than 0";
	return ok;
}
