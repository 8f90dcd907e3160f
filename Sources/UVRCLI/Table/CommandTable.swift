/// THE table of every uvrctl command and option. The parser, the help, the settings resolver and
/// the drift tests (man page, completions) all read it; nothing else declares a flag.
public enum CommandTable {
    /// The program name used in help and errors.
    public static let program = "uvrctl"

    // MARK: Options shared by several commands (declared once, listed where they apply).

    static let bootstrapServers = OptionSpec(
        "bootstrap-servers", valueName: "host:port,...", environment: "KAFKA_BOOTSTRAP_SERVERS",
        defaultValue: "localhost:9092", help: "Kafka brokers to connect to.")
    static let kafkaProperty = OptionSpec(
        "X", arity: .repeatable, kind: .keyValue, valueName: "key=value",
        help: "Set a librdkafka property (security, timeouts); repeatable.")
    static let pidDir = OptionSpec(
        "pid-dir", kind: .directory, valueName: "dir", environment: "UVRCTL_PID_DIR", defaultValue: "./.pids",
        help: "Directory of the PID and state files (processor.pid, uploader.pid).")
    static let taskTopic = OptionSpec(
        "task-topic", valueName: "topic", environment: "KAFKA_TASK_TOPIC", defaultValue: "uvr-tasks",
        help: "Topic of the separation tasks.")
    static let resultTopic = OptionSpec(
        "result-topic", valueName: "topic", environment: "KAFKA_RESULT_TOPIC", defaultValue: "uvr-results",
        help: "Topic of the separation results.")
    static let inputDir = OptionSpec(
        "input-dir", kind: .directory, valueName: "dir", environment: "UVRCTL_INPUT_DIR", defaultValue: "./data/in",
        help: "Directory the tasks' audio files must resolve inside.")
    static let outputDir = OptionSpec(
        "output-dir", kind: .directory, valueName: "dir", environment: "UVRCTL_OUTPUT_DIR", defaultValue: "./data/out",
        help: "Directory the stems are written to.")
    static let format = OptionSpec(
        "format", kind: .choice(["wav", "flac"]), valueName: "format", defaultValue: "wav",
        help: "Stem file format.")
    static let separator = OptionSpec(
        "separator", kind: .choice(["spectral", "command"]), valueName: "separator", defaultValue: "spectral",
        help: "Separation method: the built-in spectral separator or an external command.")
    static let separatorCommand = OptionSpec(
        "separator-command", valueName: "argv",
        help: "External separator: an argv template with {input} {vocals} {instrumental} {outdir} (no shell).")
    static let drainTimeout = OptionSpec(
        "drain-timeout", kind: .duration, valueName: "seconds", defaultValue: "540",
        help: "How long in-flight tasks may finish after the first SIGTERM/SIGINT before they are abandoned.")
    static let metricsFile = OptionSpec(
        "metrics-file", kind: .file, valueName: "path",
        help: "Write Prometheus text-format metrics to this file (atomically).")
    static let metricsInterval = OptionSpec(
        "metrics-interval", kind: .duration, valueName: "seconds", defaultValue: "15",
        help: "How often the metrics file is rewritten.")
    static let concurrency = OptionSpec(
        "concurrency", kind: .integer, valueName: "n", defaultValue: "1", help: "Tasks in flight at once.")

    // MARK: Global options (accepted before or after any command).

    /// Options every command accepts.
    public static let globalOptions: [OptionSpec] = [
        OptionSpec("env-file", kind: .file, valueName: "path",
                   help: "Read settings from KEY=VALUE lines (flag > environment > env file > default)."),
        OptionSpec("log-level", kind: .choice(["error", "warn", "info", "debug"]), valueName: "level",
                   environment: "UVRCTL_LOG_LEVEL", defaultValue: "info", help: "Least severe log level written."),
        OptionSpec("log-format", kind: .choice(["text", "json"]), valueName: "format",
                   environment: "UVRCTL_LOG_FORMAT", defaultValue: "text", help: "Log line format."),
        OptionSpec("log-file", kind: .file, valueName: "path", environment: "UVRCTL_LOG_FILE",
                   help: "Append logs to this file (reopened on SIGHUP) instead of stderr."),
        .flag("version", help: "Print the version and the linked libraries' versions."),
        .flag("help", short: "h", help: "Show help information."),
    ]

    // MARK: Commands.

    /// Every command, in the order help lists them.
    public static let commands: [CommandSpec] = [
        CommandSpec(
            "run-processor", abstract: "Consume tasks, separate them, produce results, commit.",
            discussion: """
            Runs until SIGTERM or SIGINT, then drains: no new task starts, in-flight tasks get up to \
            --drain-timeout to finish; a second signal abandons them (they are redelivered).
            """,
            options: [
                bootstrapServers, kafkaProperty, pidDir, taskTopic, resultTopic,
                OptionSpec("processor-group", valueName: "group", environment: "KAFKA_PROCESSOR_GROUP_ID",
                           defaultValue: "uvr-processor", help: "Consumer group of the processors."),
                inputDir, outputDir, format, separator, separatorCommand, concurrency, drainTimeout,
                .flag("delete-input", help: "Delete a task's input file once its result is committed."),
                metricsFile, metricsInterval,
            ]),
        CommandSpec(
            "run-uploader", abstract: "Consume results, upload stems, call the webhook, commit.",
            discussion: """
            Runs until SIGTERM or SIGINT, then drains like run-processor. A result whose webhook \
            fails permanently or past its retries goes to the dead-letter topic.
            """,
            options: [
                bootstrapServers, kafkaProperty, pidDir, resultTopic,
                OptionSpec("uploader-group", valueName: "group", environment: "KAFKA_UPLOADER_GROUP_ID",
                           defaultValue: "uvr-uploader", help: "Consumer group of the uploaders."),
                OptionSpec("upload-to", kind: .url, valueName: "url|dir", defaultValue: "./data/published",
                           help: "Where stems go: a directory, file:///dir, or http(s)://base/ (HTTP PUT)."),
                OptionSpec("webhook-secret", valueName: "secret", environment: "UVRCTL_WEBHOOK_SECRET",
                           help: "Sign webhook bodies with HMAC-SHA256 (X-UVR-Signature header).", isSecret: true),
                OptionSpec("max-attempts", kind: .integer, valueName: "n", defaultValue: "8",
                           help: "Webhook and upload attempts before a result goes to the dead-letter topic."),
                OptionSpec("retry-for", kind: .duration, valueName: "seconds", defaultValue: "300",
                           help: "Give up retrying a result after this long."),
                OptionSpec("request-timeout", kind: .duration, valueName: "seconds", defaultValue: "30",
                           help: "Time limit of one HTTP request."),
                OptionSpec("dlq-topic", valueName: "topic", defaultValue: "uvr-results-dlq",
                           help: "Dead-letter topic for results that could not be delivered."),
                OptionSpec("allow-hosts", valueName: "host,...",
                           help: "Only call webhooks on these hosts (exact or *.suffix, comma separated)."),
                .flag("keep-local", help: "Keep the local stems after a successful upload."),
                concurrency, drainTimeout, metricsFile, metricsInterval,
            ]),
        CommandSpec(
            "offsets", abstract: "Show committed offset, log-end offset and lag per group, topic and partition.",
            discussion: """
            Prints a table like kafka-consumer-groups, with per-topic totals, or --json. Without --topic, \
            the processor group is reported on the task topic, the uploader group on the result topic, and \
            any other group on the pipeline topics it has committed offsets on (both if none).
            """,
            options: [
                bootstrapServers, kafkaProperty,
                OptionSpec("group", arity: .repeatable, valueName: "group",
                           help: "Group to report; repeatable (default: the processor and uploader groups)."),
                OptionSpec("topic", arity: .repeatable, valueName: "topic",
                           help: "Only this topic; repeatable (default: the topics each group consumes)."),
                taskTopic, resultTopic,
                .flag("json", help: "Print a JSON array instead of the table."),
                OptionSpec("max-lag", kind: .integer, valueName: "n",
                           help: "Exit 2 when any partition's lag exceeds n (health check)."),
                OptionSpec("timeout", kind: .duration, valueName: "seconds", defaultValue: "10",
                           help: "Time limit of each broker request."),
            ],
            subcommands: [
                CommandSpec(
                    "reset", abstract: "Plan, and with --execute apply, a move of a group's committed offsets.",
                    discussion: """
                    Prints the plan (current -> new per partition) and changes nothing without --execute. \
                    Refuses a group with active members. Targets outside the log are clamped to it.
                    """,
                    options: [
                        bootstrapServers, kafkaProperty,
                        OptionSpec("group", valueName: "group", help: "The group whose offsets move (required)."),
                        OptionSpec("topic", arity: .repeatable, valueName: "topic[:p,...]",
                                   help: "Topic, optionally with partitions; repeatable."),
                        .flag("all-topics", help: "Every topic the group has committed offsets for."),
                        .flag("to-earliest", help: "Move to the start of the log."),
                        .flag("to-latest", help: "Move to the end of the log."),
                        OptionSpec("to-offset", kind: .integer, valueName: "n", help: "Move to offset n."),
                        OptionSpec("to-datetime", valueName: "iso8601",
                                   help: "Move to the first offset at or after this time."),
                        OptionSpec("shift-by", kind: .integer, valueName: "n",
                                   help: "Move by n (negative: back)."),
                        .flag("execute", help: "Apply the plan (default: only print it)."),
                        OptionSpec("timeout", kind: .duration, valueName: "seconds", defaultValue: "10",
                                   help: "Time limit of each broker request."),
                    ]),
            ]),
        CommandSpec(
            "send-test", abstract: "Produce test tasks and optionally wait for their results.",
            discussion: "Without --file, writes a generated test song into the input directory.",
            options: [
                bootstrapServers, kafkaProperty,
                OptionSpec("count", kind: .integer, valueName: "n", defaultValue: "1", help: "Number of tasks."),
                OptionSpec("file", kind: .file, valueName: "path", help: "Send this audio file instead of a generated song."),
                OptionSpec("hook-url", kind: .url, valueName: "url", defaultValue: "http://127.0.0.1:8080/uvr-hook",
                           help: "hook_url of the tasks."),
                .flag("wait", help: "Wait for the tasks' results and print each with its latency."),
                OptionSpec("timeout", kind: .duration, valueName: "seconds", defaultValue: "60",
                           help: "How long --wait waits for all results."),
                taskTopic, resultTopic, inputDir,
            ]),
        CommandSpec(
            "stop", abstract: "Signal running processors/uploaders named by PID files and wait for them to exit.",
            discussion: "Sends --signal, waits up to --timeout, then SIGKILL. Never signals a process that is not that uvrctl role.",
            options: [
                pidDir,
                OptionSpec("timeout", kind: .duration, valueName: "seconds", defaultValue: "600",
                           help: "How long to wait before SIGKILL."),
                OptionSpec("signal", kind: .choice(["TERM", "INT"]), valueName: "signal", defaultValue: "TERM",
                           help: "The first signal sent."),
            ],
            positionals: [
                PositionalSpec("role", kind: .choice(["processor", "uploader", "all"]), isRequired: false,
                               defaultValue: "all", help: "Which role to stop."),
            ]),
        CommandSpec(
            "status", abstract: "Show which roles run, their state and tasks in flight.",
            options: [pidDir, .flag("json", help: "Print JSON instead of lines.")],
            positionals: [
                PositionalSpec("role", kind: .choice(["processor", "uploader", "all"]), isRequired: false,
                               defaultValue: "all", help: "Which role to report."),
            ]),
        CommandSpec(
            "separate", abstract: "Separate one audio file into vocals and instrumental, without Kafka.",
            options: [
                OptionSpec("output-dir", short: "o", kind: .directory, valueName: "dir", defaultValue: ".",
                           help: "Directory for vocals.<ext> and instrumental.<ext>."),
                format, separator, separatorCommand,
            ],
            positionals: [PositionalSpec("input", kind: .file, help: "The audio file to separate.")]),
        CommandSpec(
            "broker", abstract: "Run an in-memory development Kafka broker (librdkafka's mock cluster).",
            discussion: "Prints KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:PORT first on stdout. Keeps everything in memory: for development and tests only.",
            options: [
                OptionSpec("partitions", kind: .integer, valueName: "n", defaultValue: "3",
                           help: "Partitions of the task and result topics."),
                OptionSpec("brokers", kind: .integer, valueName: "n", defaultValue: "1", help: "Number of mock brokers."),
                OptionSpec("bootstrap-file", kind: .file, valueName: "path",
                           help: "Also write the KAFKA_BOOTSTRAP_SERVERS line to this file."),
                taskTopic, resultTopic,
            ]),
        CommandSpec(
            "help", abstract: "Show help for a command.",
            positionals: [PositionalSpec("command", isRequired: false, help: "The command to explain.")]),
    ]

    /// The command named `name` (top level only).
    public static func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name }
    }

    /// The global option with the long or short name `name`.
    public static func globalOption(named name: String) -> OptionSpec? {
        globalOptions.first { $0.name == name || ($0.short.map(String.init) == name) }
    }

    /// Every command and subcommand with its path, e.g. `["offsets", "reset"]`.
    public static var allCommandPaths: [(path: [String], spec: CommandSpec)] {
        commands.flatMap { command in
            [([command.name], command)] + command.subcommands.map { ([command.name, $0.name], $0) }
        }
    }
}

extension CommandTable {
    /// Every distinct option (by long name) of the program: global, command and subcommand options.
    public static var allOptions: [OptionSpec] { distinctOptions(global: globalOptions, commands: commands) }

    /// The options of `global` and of every command and subcommand, the first of each long name.
    static func distinctOptions(global: [OptionSpec], commands: [CommandSpec]) -> [OptionSpec] {
        var seen = Set<String>()
        let declared = global + commands.flatMap { [$0] + $0.subcommands }.flatMap(\.options)
        return declared.filter { seen.insert($0.name).inserted }
    }
}
