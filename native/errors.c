/* Node-style errors (code, errno, syscall) from errno values. */
#include "nlsock.h"

napi_value throw_msg(napi_env env, const char *msg)
{
	bool pending = false;
	napi_is_exception_pending(env, &pending);
	if (!pending)
		napi_throw_error(env, NULL, msg);
	return NULL;
}

static napi_value make_errno_error(napi_env env, int err, const char *syscall)
{
	const char *name = strerrorname_np(err);
	char code[32];
	char msg[256];
	if (!name) {
		snprintf(code, sizeof(code), "E%d", err);
		name = code;
	}
	snprintf(msg, sizeof(msg), "%s %s: %s", syscall, name, strerror(err));
	napi_value m, c, e, n, s;
	napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
	napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &c);
	napi_create_error(env, c, m, &e);
	napi_create_int32(env, err, &n);
	napi_set_named_property(env, e, "errno", n);
	napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &s);
	napi_set_named_property(env, e, "syscall", s);
	return e;
}

napi_value throw_errno(napi_env env, int err, const char *syscall)
{
	napi_value e = make_errno_error(env, err, syscall);
	napi_throw(env, e);
	return NULL;
}
