/* SPDX-License-Identifier: MIT */
/* The workload's environment (supervise/env.h). */
#include "supervise/env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

const char *lb_env_term(const char *caller_term, bool tty)
{
	if (caller_term && *caller_term)
		return caller_term;
	return tty ? "xterm" : "dumb";
}

/* Set KEY=VALUE (kv, taken over) in env, replacing an earlier KEY. */
static void env_set(char ***env, size_t *n, size_t *cap, char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < *n; i++)
		if (!strncmp((*env)[i], kv, klen) && (*env)[i][klen] == '=') {
			free((*env)[i]);
			(*env)[i] = kv;
			return;
		}
	lb_xgrow(env, cap, *n + 2, sizeof(**env));
	(*env)[(*n)++] = kv;
	(*env)[*n] = NULL;
}

/* KEY's value in a NULL-terminated environment, NULL when it is not there. */
static const char *env_lookup(char *const *from, const char *key)
{
	size_t klen = strlen(key);

	for (; from && *from; from++)
		if (!strncmp(*from, key, klen) && (*from)[klen] == '=')
			return *from + klen + 1;
	return NULL;
}

char **lb_env_build(const struct lb_env_opts *o)
{
	char **env = NULL;
	size_t n = 0, cap = 0;

	env_set(&env, &n, &cap, lb_xstrdup("PATH=" LB_ENV_PATH));
	env_set(&env, &n, &cap, lb_xstrdup("HOME=/root"));
	if (o->hostname)
		env_set(&env, &n, &cap, lb_xasprintf("HOSTNAME=%s", o->hostname));
	env_set(&env, &n, &cap, lb_xasprintf("TERM=%s", lb_env_term(o->term, o->tty)));
	for (size_t i = 0; i < o->n_add; i++) {
		const char *e = o->add[i], *v;

		if (strchr(e, '='))
			env_set(&env, &n, &cap, lb_xstrdup(e));
		else if ((v = env_lookup(o->from, e)))
			/* docker's -e KEY: the caller's value; not set there: not set here. */
			env_set(&env, &n, &cap, lb_xasprintf("%s=%s", e, v));
	}
	return env;
}

void lb_env_free(char **env)
{
	for (char **e = env; e && *e; e++)
		free(*e);
	free(env);
}
