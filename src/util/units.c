/* SPDX-License-Identifier: MIT */
#include "util/units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int lb_parse_number_prefix(const char *s, double *value, const char **unit)
{
	const char *p = s;
	bool digits = false;

	/* Only plain decimal: no sign, no hex, no exponent, no inf/nan (strtod takes all). */
	while (isdigit((unsigned char)*p)) {
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits = true;
		}
	}
	if (!digits)
		return -1;

	char buf[64];
	size_t len = (size_t)(p - s);
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*value = strtod(buf, NULL);
	if (errno || !isfinite(*value))
		return -1;
	*unit = p;
	return 0;
}

double lb_size_unit(const char *u, size_t len)
{
	static const char prefixes[] = "kmgt";
	double mult = 1;

	if (len == 0)
		return 1;
	const char *p = strchr(prefixes, tolower((unsigned char)u[0]));
	if (p && u[0]) {
		for (const char *q = prefixes; q <= p; q++)
			mult *= 1024;
		u++;
		len--;
		if (len == 0)
			return mult;
		if (len == 2 && u[0] == 'i' && (u[1] == 'B' || u[1] == 'b'))
			return mult;
	}
	if (len == 1 && (u[0] == 'B' || u[0] == 'b'))
		return mult;
	return 0;
}

double lb_duration_unit(const char *u, size_t len)
{
	static const struct {
		const char *name;
		double seconds;
	} units[] = {
	    {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == len && !memcmp(units[i].name, u, len))
			return units[i].seconds;
	return 0;
}

int lb_parse_size(const char *s, bool allow_max, uint64_t *bytes, lb_error *err)
{
	double v, mult;
	const char *unit;

	if (allow_max && !strcmp(s, "max")) {
		*bytes = LB_SIZE_MAX;
		return 0;
	}
	if (lb_parse_number_prefix(s, &v, &unit) < 0)
		return lb_error_usage(err, "invalid size '%s' (expected e.g. 100M, 1.5G, 512KiB%s)",
				      s, allow_max ? " or max" : "");
	mult = lb_size_unit(unit, strlen(unit));
	if (mult == 0)
		return lb_error_usage(
		    err, "invalid size '%s': unknown unit '%s' (use K, M, G or T)", s, unit);
	v *= mult;
	/* 2^63: no kernel limit file takes more, and it keeps the arithmetic exact-ish. */
	if (v >= 9223372036854775808.0)
		return lb_error_usage(err, "size '%s' is too large", s);
	*bytes = (uint64_t)llround(v);
	return 0;
}

int lb_parse_duration(const char *s, uint64_t *ns, lb_error *err)
{
	double v, unit_s;
	const char *unit;

	if (lb_parse_number_prefix(s, &v, &unit) < 0)
		return lb_error_usage(err, "invalid duration '%s' (expected e.g. 250ms, 5s, 2m)",
				      s);
	if (*unit == '\0' && v == 0) {
		*ns = 0;
		return 0;
	}
	unit_s = lb_duration_unit(unit, strlen(unit));
	if (unit_s == 0)
		return lb_error_usage(err, "invalid duration '%s': %s (use ns, us, ms, s, m or h)",
				      s, *unit ? "unknown unit" : "missing unit");
	v = v * unit_s * 1e9;
	if (v >= 9.2e18)
		return lb_error_usage(err, "duration '%s' is too large", s);
	*ns = (uint64_t)llround(v);
	return 0;
}

int lb_parse_decimal(const char *s, double *out, lb_error *err)
{
	const char *unit;

	if (lb_parse_number_prefix(s, out, &unit) < 0 || *unit)
		return lb_error_usage(err, "invalid number '%s' (expected e.g. 0.5)", s);
	return 0;
}

int lb_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out, lb_error *err)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return lb_error_usage(err, "invalid number '%s' (expected an integer)", s);
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return lb_error_usage(err, "invalid number '%s' (expected an integer)", s);
	if (errno == ERANGE || v < min || v > max)
		return lb_error_usage(err, "number %s is out of range %llu..%llu", s,
				      (unsigned long long)min, (unsigned long long)max);
	*out = v;
	return 0;
}

/* Print v with up to one decimal, dropping a trailing ".0". */
static void fmt_short(char *buf, size_t n, double v, const char *suffix)
{
	double r = round(v * 10) / 10;

	if (r == floor(r))
		snprintf(buf, n, "%.0f%s", r, suffix);
	else
		snprintf(buf, n, "%.1f%s", r, suffix);
}

const char *lb_format_size(char *buf, size_t n, double bytes)
{
	static const char *suffix[] = {"B", "K", "M", "G", "T", "P"};
	size_t i = 0;
	double v = fabs(bytes);

	if (bytes >= (double)LB_SIZE_MAX) {
		snprintf(buf, n, "max");
		return buf;
	}
	while (v >= 1024 && i + 1 < sizeof(suffix) / sizeof(suffix[0])) {
		v /= 1024;
		i++;
	}
	fmt_short(buf, n, bytes < 0 ? -v : v, suffix[i]);
	return buf;
}

const char *lb_format_duration(char *buf, size_t n, double s)
{
	double a = fabs(s);

	if (a == 0)
		snprintf(buf, n, "0s");
	else if (a < 1e-6)
		fmt_short(buf, n, s * 1e9, "ns");
	else if (a < 1e-3)
		fmt_short(buf, n, s * 1e6, "us");
	else if (a < 1)
		fmt_short(buf, n, s * 1e3, "ms");
	else if (a < 60)
		snprintf(buf, n, "%.3gs", s);
	else {
		/* Whole seconds first, so that 119.7s is 2m00s, not 1m60s; minutes as a double:
		 * an expectation may hold any number, and (int) of a huge one is undefined. */
		double secs = round(a), min = floor(secs / 60);

		snprintf(buf, n, "%s%.0fm%02.0fs", s < 0 ? "-" : "", min, secs - min * 60);
	}
	return buf;
}
