# The command line itself: help, version, unknown commands.
. "$(dirname "$0")/lib.sh"

"$LB" --version >"$TMP/v" 2>&1
check "--version exits 0" [ $? -eq 0 ]
check "--version names limitbench" grep -q '^limitbench [0-9]' "$TMP/v"
"$LB" frobnicate >/dev/null 2>"$TMP/e"
expect_eq "unknown command exits 2" 2 $?
check "unknown command is named" grep -q "unknown command 'frobnicate'" "$TMP/e"
