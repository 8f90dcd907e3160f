import Foundation
import Synchronization
import UVRKafka

/// What a consumer loop needs besides its job: where to read, how much at once, how to stop.
public struct ConsumerLoopSettings: Sendable {
    /// The role this loop runs (names the log lines and the state file).
    public var role: ProcessRole
    /// The topic to consume.
    public var topic: String
    /// The consumer group.
    public var groupID: String
    /// Tasks in flight at once (`--concurrency`).
    public var concurrency: Int
    /// How long in-flight tasks may finish after the first signal (`--drain-timeout`).
    public var drainTimeout: Duration
    /// Delete a successful task's input once its offset is committed (`--delete-input`).
    public var deleteInput: Bool
    /// How often finished work is committed while running.
    public var commitInterval: Duration = .milliseconds(100)
    /// Messages waiting per partition before that partition is paused (the loop keeps polling).
    public var backlogLimit: Int = 1000
    /// A partition whose oldest waiting message waited this long is paused until its backlog is
    /// empty: its tasks are long, so fetching more only holds messages another member could take.
    public var pauseAfterWaiting: Duration = .milliseconds(500)
    /// How long cancelled tasks get to stop before they are counted abandoned anyway.
    public var cancelGrace: Duration = .seconds(2)
    /// How long a revocation waits for results already being delivered before committing.
    public var revokeGrace: Duration = .seconds(5)
    /// Limit of each close step: final commit, consumer close, producer flush.
    public var closeTimeout: Duration = .seconds(10)

    /// Settings for `role` consuming `topic` in `groupID`.
    public init(role: ProcessRole, topic: String, groupID: String, concurrency: Int, drainTimeout: Duration, deleteInput: Bool = false) {
        self.role = role
        self.topic = topic
        self.groupID = groupID
        self.concurrency = max(1, concurrency)
        self.drainTimeout = drainTimeout
        self.deleteInput = deleteInput
    }
}

/// Receives what the loop does, for metrics; every call is cheap and non-blocking.
public protocol ConsumerLoopObserver: Sendable {
    /// A task ended (completed, abandoned or undeliverable) after `seconds`.
    func taskEnded(_ outcome: TaskOutcome, seconds: Double)
    /// The number of tasks in flight changed.
    func inFlightChanged(_ count: Int)
    /// Offsets were committed.
    func committed()
    /// The role's phase changed.
    func phaseChanged(_ phase: RoleStateSnapshot.Phase)
}

/// The poll loop shared by run-processor and run-uploader.
///
/// It owns the consumer: only the thread running `run()` touches it. Messages go into a
/// per-partition backlog, start as tasks on worker threads up to the concurrency, and are
/// committed (explicit offsets, last contiguous done + 1) only after the job reports them
/// completed, i.e. after their result was acknowledged. The loop never stops polling: partitions
/// are paused while their backlog is full and during shutdown, so a long task never gets the
/// consumer evicted. Shutdown follows `ShutdownStateMachine`.
public final class ConsumerLoop<Job: TaskJob>: @unchecked Sendable {
    private struct TaskKey: Hashable {
        let partition: TopicPartition
        let offset: Int64
    }

    private struct RunningTask {
        let context: TaskContext
        let ticket: TaskTicket
        let startedAt: ContinuousClock.Instant
    }

    private struct FinishedTask {
        let offset: Int64
        let taskID: String
        /// The input (with `--delete-input`) and the job's own files, deleted once committed.
        let filesToDelete: [String]
    }

    private enum Event: Sendable {
        case workerReleased
        case finished(TaskKey, TaskOutcome)
        case signal(ShutdownSignal)
    }

    private let settings: ConsumerLoopSettings
    private let consumerConfig: KafkaConfig
    private let isolationLevel: IsolationLevel
    private let producer: Producer
    private let job: Job
    private let logger: Logger
    private let publisher: RoleStatePublisher?
    private let observer: (any ConsumerLoopObserver)?
    private let signals: any SignalSource
    private let workers = DispatchQueue(label: "uvrctl.worker", qos: .userInitiated, attributes: .concurrent)
    private let clock = ContinuousClock()
    private let inbox = Mutex<[Event]>([])
    /// The consumer to wake when an event arrives; cleared (under the lock) before it closes.
    private let wakeTarget = Mutex<Consumer?>(nil)
    /// Whether the poll thread is (about to be) blocked in a poll with a timeout: only then is waking it worth a call.
    private let isWaiting = Atomic<Bool>(false)

    // Poll-thread state below: only `run()` and the rebalance handler (same thread) touch it.
    private var consumer: Consumer?
    private var machine: ShutdownStateMachine<ContinuousClock.Instant>
    private var tracker = OffsetTracker()
    private var backlog = TaskBacklog()
    private var running: [TaskKey: RunningTask] = [:]
    private var busyWorkers = 0
    private var assigned: Set<TopicPartition> = []
    private var paused: Set<TopicPartition> = []
    private var awaitingCommit: [TopicPartition: [FinishedTask]] = [:]
    /// Tasks whose result the broker acknowledged but whose commit failed when their partition
    /// was revoked (a broker may refuse commits while the group rebalances). Should the partition
    /// come back to this consumer, their redelivered messages are committed without redoing them.
    private var deliveredNotCommitted: [TopicPartition: [Int64: FinishedTask]] = [:]
    private var lastCommit: ContinuousClock.Instant
    private var drainDeadline: ContinuousClock.Instant?
    private var cancelDeadline: ContinuousClock.Instant?
    private var closeRequested = false
    private var abandonedAtShutdown = 0

    /// A loop that will consume `settings.topic` with `consumerConfig` and run `job` on each message.
    /// `producer` is the job's producer: the loop flushes and closes it at shutdown.
    public init(settings: ConsumerLoopSettings, consumerConfig: KafkaConfig, isolationLevel: IsolationLevel = .readCommitted,
                producer: Producer, job: Job, logger: Logger, publisher: RoleStatePublisher?,
                observer: (any ConsumerLoopObserver)? = nil, signals: any SignalSource) {
        self.settings = settings
        self.consumerConfig = consumerConfig
        self.isolationLevel = isolationLevel
        self.producer = producer
        self.job = job
        self.logger = logger
        self.publisher = publisher
        self.observer = observer
        self.signals = signals
        self.machine = ShutdownStateMachine(drainTimeout: settings.drainTimeout)
        self.lastCommit = clock.now
    }

    /// Runs until shutdown completes and returns the exit status. Blocking: call it on a
    /// dedicated thread. Throws only when the consumer cannot be created or subscribed.
    public func run() throws(KafkaError) -> ShutdownExitStatus {
        let consumer = try Consumer(config: consumerConfig, groupID: settings.groupID, isolationLevel: isolationLevel) { [unowned self] _, event in
            self.handleRebalance(event)
        }
        self.consumer = consumer
        wakeTarget.withLock { $0 = consumer }
        try consumer.subscribe(topics: [settings.topic])
        startSignalPump()
        setPhase(.running)

        while true {
            processInbox(includingSignals: true)
            let now = clock.now
            if let deadline = drainDeadline, now >= deadline {
                drainDeadline = nil
                perform(machine.handle(.clockTick(now: now)))
            }
            if let deadline = cancelDeadline, now >= deadline { abandonUnfinished() }
            if machine.acceptsNewTasks {
                startTasks()
                pauseLongWaiting(now: now)
            }
            if now - lastCommit >= settings.commitInterval { commitFinished() }
            reportDrainedIfIdle()
            if closeRequested {
                closeRequested = false
                close(consumer)
                perform(machine.handle(.closeFinished))
            }
            if case .exited(let status) = machine.state {
                signals.cancel()
                return status
            }
            let canStartNow = machine.acceptsNewTasks && busyWorkers < settings.concurrency && !backlog.isEmpty
            if canStartNow {
                if let event = consumer.poll(timeout: .zero) { handle(event) }
            } else {
                isWaiting.store(true, ordering: .releasing)
                let hasEvents = inbox.withLock { !$0.isEmpty }
                let event = hasEvents ? consumer.poll(timeout: .zero) : consumer.poll(timeout: .milliseconds(50))
                isWaiting.store(false, ordering: .releasing)
                if let event { handle(event) }
            }
        }
    }

    // MARK: - Events from other threads

    private func post(_ event: Event) {
        inbox.withLock { $0.append(event) }
        if isWaiting.load(ordering: .acquiring) {
            wakeTarget.withLock { $0?.wakeup() }
        }
    }

    private func startSignalPump() {
        let stream = signals.signals
        Task.detached { [weak self] in
            for await signal in stream {
                guard let self else { return }
                self.post(.signal(signal))
            }
        }
    }

    private func processInbox(includingSignals: Bool) {
        let events: [Event] = inbox.withLock { pending in
            if includingSignals {
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            let taken = pending.filter { if case .signal = $0 { return false } else { return true } }
            pending.removeAll { if case .signal = $0 { return false } else { return true } }
            return taken
        }
        for event in events {
            switch event {
            case .workerReleased:
                busyWorkers -= 1
            case .finished(let key, let outcome):
                taskFinished(key, outcome)
            case .signal(let signal):
                perform(machine.handle(.signal(signal, now: clock.now)))
            }
        }
    }

    // MARK: - Consuming

    private func handle(_ event: ConsumerEvent) {
        switch event {
        case .message(let message):
            guard machine.acceptsNewTasks, assigned.contains(message.topicPartition) else { return }
            backlog.append(message, at: clock.now)
            if backlog.count(of: message.topicPartition) >= settings.backlogLimit {
                pause([message.topicPartition])
            }
        case .error(let error):
            logger.warn("Kafka consumer: \(error)")
        }
    }

    private func startTasks() {
        while busyWorkers < settings.concurrency, let message = backlog.next() {
            start(message)
            let partition = message.topicPartition
            let waiting = backlog.count(of: partition)
            let drained = waiting == 0 || (waiting <= settings.backlogLimit / 2
                && (backlog.oldestWait(of: partition, now: clock.now) ?? .zero) < settings.pauseAfterWaiting)
            if paused.contains(partition), drained { resume([partition]) }
        }
    }

    /// Pauses partitions whose tasks wait long behind busy workers (the loop keeps polling).
    private func pauseLongWaiting(now: ContinuousClock.Instant) {
        guard busyWorkers >= settings.concurrency else { return }
        let waitedLong = backlog.partitionsWaiting.filter {
            !paused.contains($0) && (backlog.oldestWait(of: $0, now: now) ?? .zero) >= settings.pauseAfterWaiting
        }
        if !waitedLong.isEmpty { pause(waitedLong) }
    }

    private func start(_ message: KafkaMessage) {
        if let done = deliveredNotCommitted[message.topicPartition]?.removeValue(forKey: message.offset) {
            recommit(done, partition: message.topicPartition)
            return
        }
        let (taskID, work) = job.prepare(message)
        let key = TaskKey(partition: message.topicPartition, offset: message.offset)
        guard tracker.started(message.topicPartition, offset: message.offset) else {
            logger.warn("Skipping a message already handed out", fields(taskID, message.topicPartition, message.offset))
            return
        }
        let context = TaskContext(taskID: taskID, partition: key.partition, offset: key.offset,
                                  logger: logger.with(fields(taskID, key.partition, key.offset)))
        let ticket = TaskTicket()
        running[key] = RunningTask(context: context, ticket: ticket, startedAt: clock.now)
        busyWorkers += 1
        context.logger.info(ContractLogLine.receivedTask(taskID))
        publisher?.taskStarted(taskID)
        observer?.inFlightChanged(running.count)
        let job = self.job
        workers.async { [self] in
            job.execute(work, context: context, ticket: ticket) { outcome in
                self.post(.finished(key, outcome))
            }
            self.post(.workerReleased)
        }
    }

    /// A redelivered task this consumer already completed (result acknowledged) before its
    /// partition was revoked with the commit refused: commit it again, do not redo it.
    private func recommit(_ done: FinishedTask, partition: TopicPartition) {
        guard tracker.started(partition, offset: done.offset), tracker.finished(partition, offset: done.offset) else { return }
        logger.info("[\(done.taskID)] Result already delivered before the partition was revoked; committing it without redoing the task",
                    fields(done.taskID, partition, done.offset))
        awaitingCommit[partition, default: []].append(done)
    }

    private func taskFinished(_ key: TaskKey, _ outcome: TaskOutcome) {
        guard let task = running.removeValue(forKey: key) else { return }
        publisher?.taskFinished(task.context.taskID)
        observer?.inFlightChanged(running.count)
        let elapsed = clock.now - task.startedAt
        observer?.taskEnded(outcome, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        switch outcome {
        case .completed(let summary):
            guard tracker.finished(key.partition, offset: key.offset) else { return }
            let input = settings.deleteInput && summary.succeeded ? summary.inputToDelete : nil
            let files = (input.map { [$0] } ?? []) + summary.filesToDelete
            awaitingCommit[key.partition, default: []].append(FinishedTask(offset: key.offset, taskID: task.context.taskID, filesToDelete: files))
        case .abandoned:
            abandon(key, task)
        case .deliveryFailed(let reason):
            tracker.abandoned(key.partition, offset: key.offset)
            task.context.logger.error("Result could not be delivered, not committing; shutting down: \(reason)")
            perform(machine.handle(.fatalError(reason: reason)))
        }
    }

    // MARK: - Committing

    /// Commits every partition's finished prefix; logs each task covered and deletes its input.
    /// Returns false when a commit was needed and failed.
    @discardableResult
    private func commitFinished(only partitions: Set<TopicPartition>? = nil, within limit: Duration? = nil) -> Bool {
        lastCommit = clock.now
        guard let consumer else { return false }
        let offsets = tracker.committable()
            .filter { partitions?.contains($0.key) ?? true }
            .map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
        guard !offsets.isEmpty else { return true }
        let result: Result<Void, KafkaError>
        do throws(KafkaError) {
            try consumer.commit(offsets: offsets, timeout: limit ?? settings.closeTimeout)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            for offset in offsets { committed(offset) }
            observer?.committed()
            return true
        case .failure(let error):
            logger.warn("Commit failed; the tasks stay uncommitted (retried, or redelivered to the next consumer): \(error)")
            return false
        }
    }

    private func committed(_ offset: TopicPartitionOffset) {
        let partition = offset.topicPartition
        tracker.markCommitted(partition, offset: offset.offset)
        guard var finished = awaitingCommit[partition] else { return }
        finished.sort { $0.offset < $1.offset }
        let covered = finished.prefix { $0.offset < offset.offset }
        for task in covered {
            logger.info(ContractLogLine.offsetCommitted(task.taskID), fields(task.taskID, partition, task.offset))
            for file in task.filesToDelete { deleteFile(file, taskID: task.taskID) }
        }
        finished.removeFirst(covered.count)
        awaitingCommit[partition] = finished.isEmpty ? nil : finished
    }

    private func deleteFile(_ path: String, taskID: String) {
        if unlink(path) != 0 && errno != ENOENT {
            logger.warn("[\(taskID)] Could not delete \(path): \(String(cString: strerror(errno)))")
        }
    }

    // MARK: - Rebalancing

    private func handleRebalance(_ event: RebalanceEvent) {
        switch event {
        case .assigned(let partitions):
            assigned.formUnion(partitions)
            logger.info("Partitions assigned: \(partitions.map(\.description).joined(separator: ", "))")
            if machine.acceptsNewTasks {
                clearStalePause(partitions)
            } else {
                pause(partitions)
            }
        case .revoked(let partitions):
            logger.info("Partitions revoked: \(partitions.map(\.description).joined(separator: ", "))")
            revoke(Set(partitions))
        case .failed(let error):
            logger.warn("Rebalance failed: \(error)")
            revoke(assigned)
        }
    }

    /// Commits a revoked partition's finished work, waiting briefly for results already being
    /// delivered; cancels its tasks still working (no result, no commit: the next owner redoes them).
    private func revoke(_ partitions: Set<TopicPartition>) {
        for partition in partitions { backlog.drop(partition) }
        for (key, task) in running where partitions.contains(key.partition) {
            if task.ticket.cancel() {
                task.context.logger.warn("[\(task.context.taskID)] Partition revoked mid-task; abandoned, it will be redelivered")
            }
        }
        let deadline = clock.now + settings.revokeGrace
        while running.contains(where: { partitions.contains($0.key.partition) && $0.value.ticket.isPublishing }), clock.now < deadline {
            processInbox(includingSignals: false)
            usleep(1_000)
        }
        commitFinished(only: partitions, within: settings.closeTimeout)
        for partition in partitions {
            _ = tracker.revoke(partition)
            let uncommitted = awaitingCommit.removeValue(forKey: partition) ?? []
            deliveredNotCommitted[partition] = uncommitted.isEmpty ? nil : Dictionary(uniqueKeysWithValues: uncommitted.map { ($0.offset, $0) })
            for key in running.keys where key.partition == partition { running[key] = nil }
        }
        assigned.subtract(partitions)
        paused.subtract(partitions)
        observer?.inFlightChanged(running.count)
    }

    /// librdkafka keeps an application pause on a partition across unassign and assign
    /// (confluent-kafka-go#193): a partition paused when it was revoked would come back paused
    /// and never be fetched again, since the loop forgot the pause at revocation. Resume it.
    private func clearStalePause(_ partitions: [TopicPartition]) {
        guard !partitions.isEmpty, let consumer else { return }
        do throws(KafkaError) {
            try consumer.resume(partitions)
        } catch {
            logger.warn("Could not resume \(partitions.map(\.description).joined(separator: ", ")) after assignment: \(error)")
        }
    }

    private func pause(_ partitions: [TopicPartition]) {
        let fresh = partitions.filter { assigned.contains($0) && !paused.contains($0) }
        guard !fresh.isEmpty, let consumer else { return }
        do throws(KafkaError) {
            try consumer.pause(fresh)
            paused.formUnion(fresh)
        } catch {
            logger.warn("Could not pause \(fresh.map(\.description).joined(separator: ", ")): \(error)")
        }
    }

    private func resume(_ partitions: [TopicPartition]) {
        let stillOurs = partitions.filter { assigned.contains($0) && paused.contains($0) }
        guard !stillOurs.isEmpty, let consumer else { return }
        do throws(KafkaError) {
            try consumer.resume(stillOurs)
            paused.subtract(stillOurs)
        } catch {
            logger.warn("Could not resume \(stillOurs.map(\.description).joined(separator: ", ")): \(error)")
        }
    }

    // MARK: - Shutdown

    private func perform(_ actions: [ShutdownStateMachine<ContinuousClock.Instant>.Action]) {
        for action in actions {
            switch action {
            case .logSignalReceived(let signal):
                logger.info(ContractLogLine.receivedSignal(signal))
            case .stopConsuming:
                logger.info(ContractLogLine.shutdownRequested)
                let dropped = backlog.dropAll()
                if dropped > 0 { logger.info("\(dropped) received tasks not started; they stay uncommitted for the next consumer") }
                pause(Array(assigned))
                job.shutdownRequested()
                setPhase(.draining)
            case .scheduleDrainDeadline(let deadline):
                drainDeadline = deadline
                if !running.isEmpty {
                    let seconds = Double(settings.drainTimeout.components.seconds) + Double(settings.drainTimeout.components.attoseconds) / 1e18
                    logger.info("Waiting up to \(seconds.formatted(.number.grouping(.never))) s for \(running.count) task(s) in flight")
                }
            case .cancelInFlight:
                setPhase(.cancelling)
                for task in running.values where task.ticket.cancel() {
                    task.context.logger.warn("[\(task.context.taskID)] Cancelling")
                }
                cancelDeadline = clock.now + settings.cancelGrace
            case .commitAndClose:
                closeRequested = true
            case .reopenLogs:
                do throws(LifecycleError) { try logger.reopen() } catch { logger.error("Could not reopen the log file: \(error)") }
            case .exit:
                break
            }
        }
    }

    /// Tells the state machine once nothing is in flight any more after the first signal.
    private func reportDrainedIfIdle() {
        switch machine.state {
        case .draining, .cancelling:
            guard running.isEmpty else { return }
            cancelDeadline = nil
            perform(machine.handle(.allInFlightFinished(abandonedTasks: abandonedAtShutdown)))
        case .running, .closing, .exited:
            return
        }
    }

    /// The cancel grace passed: tasks that have not ended are abandoned without waiting further
    /// (a result still in the producer's queue may then be delivered and repeated on redelivery,
    /// as after a crash; it is never committed).
    private func abandonUnfinished() {
        cancelDeadline = nil
        for (key, task) in running {
            running[key] = nil
            abandon(key, task)
        }
    }

    /// Records an abandoned task: it blocks commits at its offset and is redelivered later.
    private func abandon(_ key: TaskKey, _ task: RunningTask) {
        tracker.abandoned(key.partition, offset: key.offset)
        switch machine.state {
        case .draining, .cancelling, .closing:
            abandonedAtShutdown += 1
            task.context.logger.warn(ContractLogLine.abandonedAtShutdown(task.context.taskID))
        case .running, .exited:
            task.context.logger.warn("[\(task.context.taskID)] Abandoned; it will be redelivered")
        }
    }

    private func close(_ consumer: Consumer) {
        setPhase(.closing)
        if commitFinished(within: settings.closeTimeout) {
            logger.info(ContractLogLine.finalOffsetCommitted)
        } else {
            logger.warn("Final offset commit failed; the finished tasks it covered will be redelivered (results repeated, by task_uuid)")
        }
        wakeTarget.withLock { $0 = nil }
        let consumerReport = consumer.close(timeout: settings.closeTimeout)
        if let error = consumerReport.error { logger.warn("Consumer close: \(error)") }
        logger.info(ContractLogLine.kafkaConsumerClosed)
        let producerReport = producer.close(timeout: settings.closeTimeout)
        if producerReport.undeliveredMessages > 0 {
            logger.warn("\(producerReport.undeliveredMessages) message(s) not delivered before the producer closed")
        }
        logger.info(ContractLogLine.kafkaProducerClosed)
    }

    private func setPhase(_ phase: RoleStateSnapshot.Phase) {
        publisher?.setPhase(phase)
        observer?.phaseChanged(phase)
    }

    private func fields(_ taskID: String, _ partition: TopicPartition, _ offset: Int64) -> [LogField] {
        [.taskUUID(taskID), .partition(partition.partition), .offset(offset)]
    }
}
