#include "base/err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	int status;
	const char *name, *zh, *en;
} codes[ERR__COUNT] = {
	[ERR_NONE] = {200, "none", "成功", "OK"},
	[ERR_BAD_REQUEST] = {400, "bad_request", "请求无效", "The request is invalid"},
	[ERR_MALFORMED_JSON] = {400, "malformed_json", "请求内容不是有效的 JSON",
				"The request body is not valid JSON"},
	[ERR_UNAUTHENTICATED] = {401, "unauthenticated", "请先登录，或登录已过期",
				 "Please log in; the session is missing or has expired"},
	[ERR_INVALID_CREDENTIALS] = {401, "invalid_credentials", "用户名或密码错误",
				     "Wrong username or password"},
	[ERR_FORBIDDEN] = {403, "forbidden", "没有权限执行此操作",
			   "You do not have permission to do this"},
	[ERR_CSRF] = {403, "csrf_failed", "安全校验失败，请刷新页面后重试",
		      "Security check failed; reload the page and try again"},
	[ERR_ACCOUNT_DISABLED] = {403, "account_disabled", "账号已被管理员停用，请联系管理员",
				  "This account has been locked by an administrator"},
	[ERR_PASSWORD_CHANGE] = {403, "password_change_required", "请先修改管理员为您设置的密码",
				 "First change the password an administrator set for you"},
	[ERR_NOT_FOUND] = {404, "not_found", "未找到", "Not found"},
	[ERR_METHOD] = {405, "method_not_allowed", "不支持该请求方法", "Method not allowed"},
	[ERR_CONFLICT] = {409, "conflict", "与已有数据冲突", "This conflicts with existing data"},
	[ERR_VERSION_CONFLICT] = {409, "version_conflict", "数据已被他人修改，请刷新后重试",
				  "Someone else changed this; reload and try again"},
	[ERR_TOO_LARGE] = {413, "payload_too_large", "请求内容过大", "The request body is too large"},
	[ERR_URI_TOO_LONG] = {414, "uri_too_long", "网址过长或查询参数过多",
			      "The address is too long or has too many query parameters"},
	[ERR_MEDIA_TYPE] = {415, "unsupported_media_type", "请求内容类型须为 application/json",
			    "The request body must be application/json"},
	[ERR_VALIDATION] = {422, "validation_failed", "提交的内容有误，请检查标出的字段",
			    "Some fields are invalid; see the fields listed"},
	[ERR_TOO_MANY_ATTEMPTS] = {429, "too_many_attempts", "登录失败次数过多，账号已临时锁定，请稍后再试",
				   "Too many failed logins; the account is locked for a while, try again later"},
	[ERR_RATE_LIMITED] = {429, "rate_limited", "来自此地址的请求过于频繁，请稍后再试",
			      "Too many requests from this address; try again later"},
	[ERR_INTERNAL] = {500, "internal", "服务器内部错误，请稍后再试",
			  "Internal server error; please try again later"},
	[ERR_UNAVAILABLE] = {503, "unavailable", "服务暂时不可用，请稍后再试",
			     "The service is temporarily unavailable"},
};

/* The general field messages; features add their own with err_messages_add(). */
static const struct err_msg base_msgs[] = {
	{"required", "必填", "is required"},
	{"unknown_field", "不支持的字段", "is not a known field"},
	{"type_string", "应为字符串", "must be a string"},
	{"type_integer", "应为整数", "must be an integer"},
	{"type_boolean", "应为 true 或 false", "must be true or false"},
	{"type_array", "应为数组", "must be an array"},
	{"type_object", "应为对象", "must be an object"},
	{"too_short", "至少 %ld 个字符", "must be at least %ld characters"},
	{"too_long", "最多 %ld 个字符", "must be at most %ld characters"},
	{"too_small", "不能小于 %ld", "must be at least %ld"},
	{"too_large", "不能大于 %ld", "must be at most %ld"},
	{"empty", "不能为空", "must not be empty"},
	{"invalid", "格式不正确", "is not valid"},
	{"control_chars", "不能包含控制字符", "must not contain control characters"},
	{"bidi_chars", "不能包含改变文字方向的控制字符", "must not contain bidirectional control characters"},
	{"taken", "已被占用", "is already taken"},
	{"stale", "版本已过期，数据已被他人修改", "is stale; someone else changed this"},
	{"time_format", "时间格式应为 ISO 8601，例如 2026-11-22T10:00:00+08:00",
	 "must be an ISO 8601 time such as 2026-11-22T10:00:00+08:00"},
	{"cursor", "分页游标无效", "is not a valid cursor"},
	{"multipart", "须为完整有效的 multipart/form-data 表单", "must be a complete, valid multipart/form-data form"},
	{"multipart_parts", "表单最多 %ld 个部分", "must hold at most %ld parts"},
	{"file_too_large", "文件不能超过 %ld MB", "must be a file of at most %ld MB"},
	{"file_too_large_kb", "文件不能超过 %ld KB", "must be a file of at most %ld KB"},
	{NULL, NULL, NULL},
};

/* A list of {key, zh, en} tables, searched in order: the field messages (base's first, then
 * each feature's) and the names of codes are two of them. */
#define MAX_TABLES 64
struct registry {
	const struct err_msg *tables[MAX_TABLES];
	int n;
};

static struct registry messages = {{base_msgs}, 1};
static struct registry labels;

static const struct err_msg *registry_find(const struct registry *r, const char *key)
{
	for (int t = 0; t < r->n; t++)
		for (const struct err_msg *m = r->tables[t]; m->key; m++)
			if (strcmp(m->key, key) == 0)
				return m;
	return NULL;
}

/* At most one placeholder, and it is %ld; "%%" is a literal percent sign. */
static int format_ok(const char *s)
{
	int n = 0;
	for (const char *p = s; (p = strchr(p, '%')); p += 2) {
		if (p[1] == '%')
			continue;
		if (strncmp(p, "%ld", 3) != 0 || ++n > 1)
			return 0;
	}
	return 1;
}

/* Add a table when each entry passes ok() and no key is there already, in it or before it. */
static int registry_add(struct registry *r, const struct err_msg *table,
			int (*ok)(const struct err_msg *m))
{
	if (r->n == MAX_TABLES)
		return -1;
	for (const struct err_msg *m = table; m->key; m++) {
		if (!m->zh || !m->en || !*m->zh || !*m->en || !ok(m) || registry_find(r, m->key))
			return -1;
		for (const struct err_msg *o = table; o < m; o++)
			if (strcmp(o->key, m->key) == 0)
				return -1;
	}
	r->tables[r->n++] = table;
	return 0;
}

static int message_ok(const struct err_msg *m) { return format_ok(m->zh) && format_ok(m->en); }
static int label_ok(const struct err_msg *m) { return strchr(m->key, ':') != NULL; }

int err_messages_add(const struct err_msg *table) { return registry_add(&messages, table, message_ok); }
int labels_add(const struct err_msg *table) { return registry_add(&labels, table, label_ok); }

int err_set(struct err *e, enum err_code code)
{
	e->code = code;
	return -1;
}

int err_setf(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof e->detail, fmt, ap);
	va_end(ap);
	e->code = code;
	return -1;
}

int err_field(struct err *e, const char *field, const char *key, long arg)
{
	if (e->code == ERR_NONE)
		e->code = ERR_VALIDATION;
	for (int i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return -1;        /* keep the first problem of a field */
	if (e->nfields < ERR_MAX_FIELDS)
		e->fields[e->nfields++] = (struct err_field){field, key, arg};
	return -1;
}

void err_clear(struct err *e) { memset(e, 0, sizeof *e); }

int err_http_status(enum err_code c) { return c < ERR__COUNT ? codes[c].status : 500; }
const char *err_code_name(enum err_code c) { return c < ERR__COUNT ? codes[c].name : "internal"; }
const char *err_message(enum err_code c, enum lang l)
{
	if (c >= ERR__COUNT)
		c = ERR_INTERNAL;
	return l == LANG_EN ? codes[c].en : codes[c].zh;
}

const char *err_field_message(const char *key, long arg, enum lang l, char *buf, unsigned n)
{
	const struct err_msg *m = registry_find(&messages, key);
	if (m) {
		const char *fmt = l == LANG_EN ? m->en : m->zh;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(buf, n, fmt, arg);
#pragma GCC diagnostic pop
		return buf;
	}
	snprintf(buf, n, "%s", key);
	return buf;
}

enum lang lang_from_header(const char *h)
{
	/* Take the first language tag with the highest q; ties keep header order. */
	if (!h)
		return LANG_ZH;
	enum lang best = LANG_ZH;
	double bestq = -1;
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		size_t tlen = (size_t)(p - tag);
		double q = 1.0;
		while (*p && *p != ',') {
			if (*p == ';') {
				const char *qs = p + 1;
				while (*qs == ' ')
					qs++;
				if (qs[0] == 'q' && qs[1] == '=')
					sscanf(qs + 2, "%lf", &q);
			}
			p++;
		}
		if (tlen >= 2 && q > bestq) {
			if (strncasecmp(tag, "en", 2) == 0) {
				best = LANG_EN;
				bestq = q;
			} else if (strncasecmp(tag, "zh", 2) == 0) {
				best = LANG_ZH;
				bestq = q;
			}
		}
	}
	return best;
}

const char *label_of(const char *what, const char *code, enum lang l)
{
	if (!code)
		return "";
	char key[128];
	snprintf(key, sizeof key, "%s:%s", what, code);
	const struct err_msg *m = registry_find(&labels, key);
	return m ? (l == LANG_EN ? m->en : m->zh) : code;
}

void labels_each(const char *what, void (*fn)(void *, const char *, const char *, const char *),
		 void *arg)
{
	size_t wl = strlen(what);
	for (int t = 0; t < labels.n; t++)
		for (const struct err_msg *m = labels.tables[t]; m->key; m++)
			if (strncmp(m->key, what, wl) == 0 && m->key[wl] == ':')
				fn(arg, m->key + wl + 1, m->zh, m->en);
}
