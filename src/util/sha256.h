/* SPDX-License-Identifier: MIT */
#ifndef LB_UTIL_SHA256_H
#define LB_UTIL_SHA256_H

/*
 * SHA-256 (FIPS 180-4), for the scenario file's digest in summary.json.  Written from the
 * standard; tests/unit/test_sha256.c checks it against the standard's vectors.
 */

#include <stddef.h>
#include <stdint.h>

struct lb_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t buf[64];
	size_t n; /* bytes waiting in buf */
};

void lb_sha256_init(struct lb_sha256 *c);
void lb_sha256_update(struct lb_sha256 *c, const void *data, size_t len);
void lb_sha256_final(struct lb_sha256 *c, uint8_t digest[32]);

/* The digest of buf as 64 lowercase hex digits and a NUL. */
void lb_sha256_hex(const void *buf, size_t len, char hex[65]);

#endif
