# `typeset` typed at an interactive bash or zsh prompt runs the tool; sourced by
# .venv/bin/activate (scripts/setup.sh adds the line), undone by `deactivate`.
#
# `typeset` is also a builtin of both shells, used by scripts, functions, prompts and
# completion code to declare variables (locals inside functions). That builtin is left
# exactly as it is: no function or alias named typeset is defined. Only the line the
# user typed is looked at, when Enter is pressed, before the shell reads it: where
# `typeset` stands in command position followed by one of the tool's commands
# (`typeset build 645`, `typeset check`, `TYPESET_DEBUG=1 typeset build 645`,
# `typeset check && typeset build 645`), or by `--help`/`--version`, or by a word and
# arguments the builtin could only reject (`typeset bild 645`), that word `typeset`
# becomes the tool's full path. bash: Enter runs a readline macro (a `bind -x` hook
# that edits READLINE_LINE, then the previous Enter binding); zsh: the accept-line
# widget is wrapped (the previous one, built-in or user-defined, still runs).

[ -n "${VIRTUAL_ENV:-}" ] || return 0
case $- in *i*) ;; *) return 0 ;; esac
if [ -n "${BASH_VERSION:-}" ]; then
    [[ -o emacs || -o vi ]] || return 0  # no line editing: nothing is typed through readline
elif [ -n "${ZSH_VERSION:-}" ]; then
    [[ -o zle ]] || return 0
else
    return 0
fi

__typeset_bin=$VIRTUAL_ENV/bin/typeset
__typeset_commands=" $("$VIRTUAL_ENV/bin/python" -c 'import click
from typeset.cli import main
print(" ".join(main.list_commands(click.Context(main))))' 2>/dev/null) "
[ "$__typeset_commands" != "  " ] || __typeset_commands=" build check init list new "

if [ -n "${BASH_VERSION:-}" ]; then
    printf -v __typeset_word '%q' "$__typeset_bin"
else
    __typeset_word=${(q)__typeset_bin}
fi

# `typeset` in command position: at the start, after ; & | ( { ! or a newline, after
# then/do/else/time, after VAR=value assignments. Groups, counted from the end:
# the blank after `typeset`, the word after it.
__typeset_re='(^|[;&|({!
])[[:space:]]*(((then|do|else|time)[[:space:]]+)*)(([A-Za-z_][A-Za-z0-9_]*=[^[:space:];&|]*[[:space:]]+)*)typeset([[:space:]]+)([^[:space:];&|()<>]+)'
# An argument no builtin typeset accepts: its name part starts with a digit or holds / . : , -
__typeset_bad_arg='(^|[[:space:]])([0-9]|[^[:space:]=]*[/.:,-])'

# __typeset_rewrite LINE → __typeset_line: LINE with the tool's `typeset` words replaced.
# Needs BASH_REMATCH indexed from 0 (zsh: bash_rematch and ksh_arrays, set by the caller).
__typeset_rewrite() {
    local rest=$1 out='' match word blank head tail args n
    while [[ $rest =~ $__typeset_re ]]; do
        match=${BASH_REMATCH[0]}
        n=${#BASH_REMATCH[@]}
        word=${BASH_REMATCH[n-1]}
        blank=${BASH_REMATCH[n-2]}
        head=${rest%%"$match"*}
        tail=${rest:${#head}+${#match}}
        args=${tail%%[;&|<>
]*}
        out=$out$head
        if [[ $__typeset_commands == *" $word "* || $word == --help || $word == --version ]] ||
            [[ $word =~ ^[a-z][a-z0-9_-]*$ && $args != *[\'\"\\\$\`\(\)\{\}\[\]]* &&
               " $args" =~ $__typeset_bad_arg ]]; then
            out=$out${match:0:${#match}-${#blank}-${#word}-7}$__typeset_word$blank$word
        else
            out=$out$match
        fi
        rest=$tail
    done
    __typeset_line=$out$rest
}

if [ -n "${BASH_VERSION:-}" ]; then
    __typeset_readline() {
        local st=$?
        __typeset_rewrite "$READLINE_LINE"
        [[ $__typeset_line == "$READLINE_LINE" ]] || READLINE_LINE=$__typeset_line
        return $st
    }

    # Enter (C-m, C-j) in each keymap: the hook, then what Enter did before.
    __typeset_saved=()
    __typeset_on() {
        local map key old
        for map in emacs vi-insert vi-command; do
            for key in '\C-m' '\C-j'; do
                old=$(bind -m "$map" -p 2>/dev/null | grep -F "\"$key\": ")
                old=${old#*: }
                [[ -n $old && $old != '"\C-x\C-t1'* ]] || old=accept-line
                __typeset_saved+=("$map" "$key" "$old")
                bind -m "$map" -x '"\C-x\C-t1": __typeset_readline'
                if [[ $key == '\C-m' ]]; then
                    bind -m "$map" "\"\\C-x\\C-t2\": $old"
                    bind -m "$map" '"\C-m": "\C-x\C-t1\C-x\C-t2"'
                else
                    bind -m "$map" "\"\\C-x\\C-t3\": $old"
                    bind -m "$map" '"\C-j": "\C-x\C-t1\C-x\C-t3"'
                fi
            done
        done
    }
    __typeset_shell_off() {
        local i
        for ((i = 0; i < ${#__typeset_saved[@]}; i += 3)); do
            bind -m "${__typeset_saved[i]}" "\"${__typeset_saved[i+1]}\": ${__typeset_saved[i+2]}"
            bind -m "${__typeset_saved[i]}" -r '\C-x\C-t1'
            bind -m "${__typeset_saved[i]}" -r '\C-x\C-t2'
            bind -m "${__typeset_saved[i]}" -r '\C-x\C-t3'
        done
        unset -f __typeset_readline __typeset_on __typeset_rewrite __typeset_shell_off
        unset __typeset_saved __typeset_bin __typeset_commands __typeset_word __typeset_re \
            __typeset_bad_arg __typeset_line
    }
    __typeset_on
else
    zmodload -i zsh/zleparameter 2>/dev/null
    __typeset_accept_line() {
        __typeset_zsh_rewrite
        zle __typeset_previous_accept_line -- "$@"
    }
    __typeset_zsh_rewrite() {
        emulate -L zsh
        setopt bash_rematch ksh_arrays
        __typeset_rewrite "$BUFFER"
        [[ $__typeset_line == "$BUFFER" ]] || BUFFER=$__typeset_line
    }
    if [[ ${widgets[accept-line]-} != user:__typeset_accept_line ]]; then
        __typeset_previous=${widgets[accept-line]-}
        if [[ $__typeset_previous == user:* ]]; then
            zle -N __typeset_previous_accept_line "${__typeset_previous#user:}"
        else
            zle -A .accept-line __typeset_previous_accept_line
        fi
        zle -N accept-line __typeset_accept_line
    fi
    __typeset_shell_off() {
        if [[ ${__typeset_previous-} == user:* ]]; then
            zle -N accept-line "${__typeset_previous#user:}"
        else
            zle -A .accept-line accept-line
        fi
        zle -D __typeset_previous_accept_line
        unfunction __typeset_accept_line __typeset_zsh_rewrite __typeset_rewrite __typeset_shell_off
        unset __typeset_previous __typeset_bin __typeset_commands __typeset_word __typeset_re \
            __typeset_bad_arg __typeset_line
    }
fi
