# bash completion for uvrctl                                  -*- shell-script -*-
# Install: copy to /usr/share/bash-completion/completions/uvrctl (or source it).

_uvrctl_commands="run-processor run-uploader offsets send-test stop status separate broker help"
_uvrctl_global_options="--env-file --log-level --log-format --log-file --version --help -h"
_uvrctl_kafka_options="--bootstrap-servers -X"

# Options of each command (global options are added by the completer).
_uvrctl_command_options() {
    case "$1" in
        run-processor) echo "$_uvrctl_kafka_options --pid-dir --task-topic --result-topic --processor-group --input-dir --output-dir --format --separator --separator-command --concurrency --drain-timeout --delete-input --metrics-file --metrics-interval" ;;
        run-uploader) echo "$_uvrctl_kafka_options --pid-dir --result-topic --uploader-group --upload-to --webhook-secret --max-attempts --retry-for --request-timeout --dlq-topic --allow-hosts --keep-local --concurrency --drain-timeout --metrics-file --metrics-interval" ;;
        offsets) echo "$_uvrctl_kafka_options --group --topic --task-topic --result-topic --json --max-lag --timeout" ;;
        "offsets reset") echo "$_uvrctl_kafka_options --group --topic --all-topics --to-earliest --to-latest --to-offset --to-datetime --shift-by --execute --timeout" ;;
        send-test) echo "$_uvrctl_kafka_options --count --file --hook-url --wait --timeout --task-topic --result-topic --input-dir" ;;
        stop) echo "--pid-dir --timeout --signal" ;;
        status) echo "--pid-dir --json" ;;
        separate) echo "-o --output-dir --format --separator --separator-command" ;;
        broker) echo "--partitions --brokers --bootstrap-file --task-topic --result-topic" ;;
    esac
}

# Options that take a value (the next word is that value, not a command).
_uvrctl_value_options=" --env-file --log-level --log-format --log-file --bootstrap-servers -X --pid-dir --task-topic --result-topic --processor-group --uploader-group --input-dir --output-dir -o --format --separator --separator-command --concurrency --drain-timeout --metrics-file --metrics-interval --upload-to --webhook-secret --max-attempts --retry-for --request-timeout --dlq-topic --allow-hosts --group --topic --max-lag --timeout --to-offset --to-datetime --shift-by --count --file --hook-url --signal --partitions --brokers --bootstrap-file "

_uvrctl_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local prev="${COMP_WORDS[COMP_CWORD-1]}"
    # `--opt=value`: bash splits at '=' (COMP_WORDBREAKS).
    if [[ "$cur" == "=" ]]; then
        prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""
    elif [[ "$prev" == "=" && $COMP_CWORD -ge 2 ]]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    fi

    local command="" positionals=0 i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if [[ "$word" == "=" ]]; then
            ((i++)); continue
        elif [[ "$word" == -* ]]; then
            [[ "$_uvrctl_value_options" == *" $word "* && "${COMP_WORDS[i+1]}" != "=" ]] && ((i++))
        elif [[ -z "$command" ]]; then
            command="$word"
        elif [[ "$command" == offsets && $positionals -eq 0 && "$word" == reset ]]; then
            command="offsets reset"
        else
            ((positionals++))
        fi
    done

    case "$prev" in
        --log-level) COMPREPLY=($(compgen -W "error warn info debug" -- "$cur")); return ;;
        --log-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "wav flac" -- "$cur")); return ;;
        --separator) COMPREPLY=($(compgen -W "spectral command" -- "$cur")); return ;;
        --signal) COMPREPLY=($(compgen -W "TERM INT" -- "$cur")); return ;;
        --env-file|--log-file|--metrics-file|--file|--bootstrap-file)
            compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --pid-dir|--input-dir|--output-dir|-o|--upload-to)
            compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    esac
    if [[ "$_uvrctl_value_options" == *" $prev "* ]]; then
        COMPREPLY=()
        return
    fi

    if [[ -z "$command" ]]; then
        if [[ "$cur" == -* ]]; then
            COMPREPLY=($(compgen -W "$_uvrctl_global_options" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$_uvrctl_commands" -- "$cur"))
        fi
        return
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_uvrctl_command_options "$command") $_uvrctl_global_options" -- "$cur"))
        return
    fi
    case "$command" in
        offsets) [[ $positionals -eq 0 ]] && COMPREPLY=($(compgen -W "reset" -- "$cur")) ;;
        stop|status) [[ $positionals -eq 0 ]] && COMPREPLY=($(compgen -W "processor uploader all" -- "$cur")) ;;
        separate) [[ $positionals -eq 0 ]] && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); } ;;
        help) [[ $positionals -eq 0 ]] && COMPREPLY=($(compgen -W "$_uvrctl_commands" -- "$cur")) ;;
    esac
    return 0
}

complete -F _uvrctl_complete uvrctl
