#!/bin/bash
# Lays out the student's course folder in $HOME (run by the image's entry
# point at every start, as the student's user, before any server starts).
#
# The image keeps the course read-only in $COURSE_SRC (/opt/course); a
# Kubernetes volume mounted over /home/jovyan starts empty. This makes
# $COURSE_DIR (~/course) hold:
#   notebooks/  the chapters, copied when absent: a student's edits are never
#               overwritten (course-reset brings a pristine copy back);
#   work/       the student's own folder;
#   lib, go.mod, go.sum
#               symbolic links to the image's library, so a chapter in
#               notebooks/ or work/ (its first cell replaces the course module
#               with "$GONB_DIR/..") compiles against the course's library,
#               at the same paths the build pre-warmed the Go cache for.
# And the course's editor style in ~/.jupyter/custom (unless the student has
# a custom.css or custom.js of their own there).
# Idempotent and quiet; never fails the start: a problem is reported only.
set -u
src=${COURSE_SRC:-/opt/course}
dst=${COURSE_DIR:-$HOME/course}

warn() { echo "course-home: $*" >&2; }

[ -d "$src/notebooks" ] || { warn "no course in $src"; exit 0; }
mkdir -p "$dst/notebooks" "$dst/work" || { warn "cannot create $dst (is $HOME writable by uid $(id -u)?)"; exit 0; }

for f in lib go.mod go.sum; do
	if [ -L "$dst/$f" ] || [ ! -e "$dst/$f" ]; then
		ln -sfn "$src/$f" "$dst/$f" || warn "cannot link $dst/$f"
	fi
done

n=0
for nb in "$src"/notebooks/*.ipynb; do
	[ -e "$nb" ] || continue
	name=${nb##*/}
	if [ ! -e "$dst/notebooks/$name" ]; then
		cp "$nb" "$dst/notebooks/$name" && chmod u+w "$dst/notebooks/$name" && n=$((n + 1))
	fi
done
[ "$n" = 0 ] || echo "course-home: copied $n chapter(s) into $dst/notebooks" >&2

custom=${JUPYTER_CONFIG_DIR:-$HOME/.jupyter}/custom
if mkdir -p "$custom" 2>/dev/null; then
	for f in /usr/local/share/course/jupyter/custom/*; do
		[ -e "$f" ] || continue
		t="$custom/${f##*/}"
		# Ours carry "The course's" in their first comment; anything else is the student's.
		if [ ! -e "$t" ] || grep -q "The course's" "$t" 2>/dev/null; then
			cp "$f" "$t" || warn "cannot write $t"
		fi
	done
fi
exit 0
