/* SPDX-License-Identifier: MIT */
#ifndef LB_SAMPLE_PROC_H
#define LB_SAMPLE_PROC_H

/*
 * The /proc probes: parsers over buffers (so that tests feed them captured text) and a
 * small bitmap of CPUs that prints as a CPU list ("0-1,4").
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* VmRSS of /proc/PID/status text, in bytes.  0 on success, -1 when the line is absent
 * (kernel threads and zombies have none). */
int lb_proc_parse_vmrss(const char *buf, uint64_t *bytes);

/* Resident pages (field 2) of /proc/PID/statm text, times page_size, in bytes: the same
 * counter VmRSS prints (the kernel's get_mm_rss()), at a fraction of the cost of status,
 * which is why the sampler reads this one.  0 on success, -1 when malformed. */
int lb_proc_parse_statm_rss(const char *buf, uint64_t page_size, uint64_t *bytes);

/* Field 39 ("processor": the CPU the task last ran on) of /proc/PID/stat text.  comm (field
 * 2) may hold spaces and parentheses, so the fields are counted after the LAST ')'.
 * 0 on success, -1 when the text is cut short or malformed. */
int lb_proc_parse_stat_cpu(const char *buf, int *cpu);

/* A set of CPUs, enough for any machine limitbench runs on. */
#define LB_CPUSET_BITS 1024
struct lb_cpuset {
	uint64_t bits[LB_CPUSET_BITS / 64];
};

void lb_cpuset_add(struct lb_cpuset *s, int cpu);
bool lb_cpuset_empty(const struct lb_cpuset *s);
/* "0-1,4" (the kernel's list format); "" for an empty set.  Returns buf. */
const char *lb_cpuset_format(const struct lb_cpuset *s, char *buf, size_t n);

#endif
