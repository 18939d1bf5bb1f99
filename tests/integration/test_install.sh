#!/bin/bash
# make install PREFIX=... puts the binary, the man page and the shipped data in place.
. "$(dirname "$0")/../lib.sh"

prefix="$T_TMP/prefix"
t_ok "make install into a temporary prefix" make -s -C "$NETLOOM_TOP" install PREFIX="$prefix"
t_ok "installed binary runs" "$prefix/bin/netloom" --version
t_is "installed binary is executable by all" "$(stat -c %a "$prefix/bin/netloom")" 755
t_ok "man page installed and renders" groff -man -Tutf8 -ww -z "$prefix/share/man/man1/netloom.1"
t_ok "data folder for shipped policies exists" test -d "$prefix/share/netloom/policies"
n_src=$(ls "$NETLOOM_TOP"/policies/*.xml "$NETLOOM_TOP"/policies/*.xsd 2>/dev/null | wc -l)
n_dst=$(ls "$prefix"/share/netloom/policies/ 2>/dev/null | wc -l)
t_is "every shipped policy file is installed" "$n_dst" "$n_src"
t_is "the JSON schemas of the outputs are installed" \
    "$(cd "$prefix/share/netloom/schema" 2>/dev/null && ls)" "$(cd "$NETLOOM_TOP/docs/schema" && ls)"
t_done
