# fish completion for uvrctl. Install: copy to /usr/share/fish/vendor_completions.d/uvrctl.fish

set -l uvrctl_commands run-processor run-uploader offsets send-test stop status separate broker help

function __uvrctl_using -d 'True when the command line names exactly this uvrctl command (offsets reset counts as its own)'
    set -l words (commandline -opc)
    set -e words[1]
    set -l found
    set -l skip 0
    for word in $words
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case --env-file --log-level --log-format --log-file --bootstrap-servers -X --pid-dir --task-topic --result-topic --processor-group --uploader-group --input-dir --output-dir -o --format --separator --separator-command --concurrency --drain-timeout --metrics-file --metrics-interval --upload-to --webhook-secret --max-attempts --retry-for --request-timeout --dlq-topic --allow-hosts --group --topic --max-lag --timeout --to-offset --to-datetime --shift-by --count --file --hook-url --signal --partitions --brokers --bootstrap-file
                set skip 1
            case '-*'
            case '*'
                if test -z "$found"
                    set found $word
                else if test "$found" = offsets -a "$word" = reset
                    set found "offsets reset"
                end
        end
    end
    contains -- "$found" $argv
end

complete -c uvrctl -f

# Commands.
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a run-processor -d 'Consume tasks, separate, produce results, commit'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a run-uploader -d 'Consume results, upload stems, call the webhook'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a offsets -d 'Committed offset, log-end offset and lag'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a send-test -d 'Produce test tasks, optionally wait for results'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a stop -d 'Signal running roles and wait for them'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a status -d 'Which roles run and what they do'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a separate -d 'Separate one audio file without Kafka'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a broker -d 'In-memory development Kafka broker'
complete -c uvrctl -n "not __fish_seen_subcommand_from $uvrctl_commands" -a help -d 'Show help for a command'
complete -c uvrctl -n '__uvrctl_using help' -a "$uvrctl_commands"
complete -c uvrctl -n '__uvrctl_using offsets; and not __fish_seen_subcommand_from reset' -a reset -d 'Plan or apply a move of offsets'
complete -c uvrctl -n '__uvrctl_using stop status' -a 'processor uploader all'
complete -c uvrctl -n '__uvrctl_using separate' -F

# Global options.
complete -c uvrctl -l env-file -r -F -d 'Read settings from KEY=VALUE lines'
complete -c uvrctl -l log-level -x -a 'error warn info debug' -d 'Least severe log level'
complete -c uvrctl -l log-format -x -a 'text json' -d 'Log line format'
complete -c uvrctl -l log-file -r -F -d 'Append logs to this file'
complete -c uvrctl -l version -d 'Print the version'
complete -c uvrctl -s h -l help -d 'Show help'

# Kafka options.
set -l kafka 'run-processor run-uploader offsets "offsets reset" send-test'
complete -c uvrctl -n "__uvrctl_using $kafka" -l bootstrap-servers -x -d 'Kafka brokers (host:port,...)'
complete -c uvrctl -n "__uvrctl_using $kafka" -s X -x -d 'librdkafka property key=value'

# Options shared by several commands.
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader stop status' -l pid-dir -x -a '(__fish_complete_directories)' -d 'Directory of the PID files'
complete -c uvrctl -n '__uvrctl_using run-processor send-test broker offsets' -l task-topic -x -d 'Topic of the tasks'
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader send-test broker offsets' -l result-topic -x -d 'Topic of the results'
complete -c uvrctl -n '__uvrctl_using run-processor send-test' -l input-dir -x -a '(__fish_complete_directories)' -d 'Input directory'
complete -c uvrctl -n '__uvrctl_using run-processor separate' -l output-dir -x -a '(__fish_complete_directories)' -d 'Output directory'
complete -c uvrctl -n '__uvrctl_using separate' -s o -x -a '(__fish_complete_directories)' -d 'Output directory'
complete -c uvrctl -n '__uvrctl_using run-processor separate' -l format -x -a 'wav flac' -d 'Stem file format'
complete -c uvrctl -n '__uvrctl_using run-processor separate' -l separator -x -a 'spectral command' -d 'Separation method'
complete -c uvrctl -n '__uvrctl_using run-processor separate' -l separator-command -x -d 'External separator argv template'
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader' -l concurrency -x -d 'Tasks in flight at once'
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader' -l drain-timeout -x -d 'Seconds to drain after SIGTERM'
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader' -l metrics-file -r -F -d 'Prometheus metrics file'
complete -c uvrctl -n '__uvrctl_using run-processor run-uploader' -l metrics-interval -x -d 'Seconds between metrics writes'

# run-processor.
complete -c uvrctl -n '__uvrctl_using run-processor' -l processor-group -x -d 'Consumer group of the processors'
complete -c uvrctl -n '__uvrctl_using run-processor' -l delete-input -d 'Delete input files once committed'

# run-uploader.
complete -c uvrctl -n '__uvrctl_using run-uploader' -l uploader-group -x -d 'Consumer group of the uploaders'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l upload-to -x -a '(__fish_complete_directories)' -d 'Directory or file/http(s) URL'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l webhook-secret -x -d 'HMAC-SHA256 webhook secret'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l max-attempts -x -d 'Attempts before the dead-letter topic'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l retry-for -x -d 'Seconds to keep retrying'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l request-timeout -x -d 'Time limit of one HTTP request'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l dlq-topic -x -d 'Dead-letter topic'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l allow-hosts -x -d 'Allowed webhook hosts'
complete -c uvrctl -n '__uvrctl_using run-uploader' -l keep-local -d 'Keep local stems after upload'

# offsets and offsets reset.
complete -c uvrctl -n '__uvrctl_using offsets "offsets reset"' -l group -x -d 'Consumer group'
complete -c uvrctl -n '__uvrctl_using offsets "offsets reset"' -l topic -x -d 'Topic (reset: topic[:p,...])'
complete -c uvrctl -n '__uvrctl_using offsets "offsets reset" send-test' -l timeout -x -d 'Time limit in seconds'
complete -c uvrctl -n '__uvrctl_using offsets' -l json -d 'Print JSON'
complete -c uvrctl -n '__uvrctl_using offsets' -l max-lag -x -d 'Exit 2 when a lag exceeds n'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l all-topics -d 'Every topic of the group'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l to-earliest -d 'Move to the start of the log'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l to-latest -d 'Move to the end of the log'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l to-offset -x -d 'Move to offset n'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l to-datetime -x -d 'Move to an ISO 8601 time'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l shift-by -x -d 'Move by n'
complete -c uvrctl -n '__uvrctl_using "offsets reset"' -l execute -d 'Apply the plan'

# send-test.
complete -c uvrctl -n '__uvrctl_using send-test' -l count -x -d 'Number of tasks'
complete -c uvrctl -n '__uvrctl_using send-test' -l file -r -F -d 'Audio file to send'
complete -c uvrctl -n '__uvrctl_using send-test' -l hook-url -x -d 'hook_url of the tasks'
complete -c uvrctl -n '__uvrctl_using send-test' -l wait -d 'Wait for the results'

# stop and status.
complete -c uvrctl -n '__uvrctl_using stop' -l timeout -x -d 'Seconds before SIGKILL'
complete -c uvrctl -n '__uvrctl_using stop' -l signal -x -a 'TERM INT' -d 'First signal sent'
complete -c uvrctl -n '__uvrctl_using status' -l json -d 'Print JSON'

# broker.
complete -c uvrctl -n '__uvrctl_using broker' -l partitions -x -d 'Partitions of the topics'
complete -c uvrctl -n '__uvrctl_using broker' -l brokers -x -d 'Number of mock brokers'
complete -c uvrctl -n '__uvrctl_using broker' -l bootstrap-file -r -F -d 'Write the bootstrap line here'
