/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the `run:` command line splitter.  On success the words are counted
 * and NULL-terminated; on error the column lies within the text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/shellsplit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = lb_xstrndup((const char *)data, size);
	size_t len = strlen(s);
	char **argv = NULL;
	size_t n = SIZE_MAX, col = SIZE_MAX;
	lb_error err = {0};

	if (lb_shellsplit(s, &argv, &n, &col, &err) < 0) {
		if (col > len || err.kind != LB_ERR_USAGE || !err.msg[0])
			abort();
	} else {
		size_t total = 0;
		for (size_t i = 0; i < n; i++)
			total += strlen(argv[i]);
		/* Quotes and backslashes are removed, nothing is added. */
		if (argv[n] || total > len)
			abort();
		lb_shellsplit_free(argv);
	}
	free(s);
	return 0;
}
