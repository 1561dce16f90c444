/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a scenario file, through everything `limitbench check` does with it
 * (libyaml, the shape checks, --set, matrix expansion, every expectation parsed and
 * type-checked, cpusets against a machine), then every diagnostic formatted.  The buffer
 * is copied to an allocation of exactly its size, not NUL-terminated, so that ASan sees a
 * parser that reads past len.
 *
 * An input whose first line is "#set NAME=VALUE" also gets that --set (the line stays in
 * the file: it is a YAML comment), so --set values are fuzzed through the same path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = lb_xmalloc(size ? size : 1);
	char *set_line = NULL;
	struct lb_set set = {0};
	size_t n_sets = 0;
	struct lb_scenario *s = NULL;
	struct lb_diags d = {0};
	lb_error err = {0};

	memcpy(buf, data, size);
	if (size > 5 && !memcmp(data, "#set ", 5)) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t end = nl ? (size_t)(nl - data) : size;
		set_line = lb_xstrndup((const char *)data + 5, end - 5);
		char *eq = strchr(set_line, '=');
		if (eq) {
			*eq = '\0';
			set.name = set_line;
			set.value = eq + 1;
			n_sets = 1;
		}
	}

	/* As loaded on a machine with CPUs 0, 1 and 3 online (cpusets are checked against it). */
	int r = lb_scenario_parse_on("f.scn", buf, size, &set, n_sets, "0-1,3\n", &s, &d, &err);
	/* The contract: a scenario and no diagnostic, or diagnostics and no scenario. */
	if ((r == 0) != (s != NULL) || (r == 0) != (d.n == 0) || (r < 0 && err.kind == 0))
		abort();
	for (size_t i = 0; i < d.n; i++)
		free(lb_diag_format(&d.v[i]));
	lb_diags_free(&d);
	lb_scenario_free(s);
	free(set_line);
	free(buf);
	return 0;
}
