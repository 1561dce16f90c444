#!/bin/sh
# What a careful shell user does without a container tool: make a memory cgroup, set the
# limit, start /bin/true in it with cgexec inside the same namespaces as the unshare entry,
# remove the cgroup.  One hyperfine iteration = one run of this script.
#
#   cgexec-true.sh MEMORY_HIERARCHY_ROOT LIMIT_FILE
#   (v1: /sys/fs/cgroup/memory memory.limit_in_bytes; v2: /sys/fs/cgroup memory.max)
#   CMD=/path/to/prog overrides /bin/true, to check the placement by hand.
set -e
name=lbbench-cgexec-$$
dir=$1/$name
mkdir "$dir"
trap 'rmdir "$dir" 2>/dev/null || :' EXIT
echo 104857600 >"$dir/$2"
rc=0
cgexec -g "memory:$name" unshare --fork --pid --mount --uts --ipc --net --mount-proc \
	"${CMD:-/bin/true}" || rc=$?
rmdir "$dir"
exit $rc
