import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
@testable import UVRCore

@Suite struct RoleStatePublisherTests {
    @Test func publishesPhaseAndTasksInFlight() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let publisher = RoleStatePublisher(directory: directory.path, role: .uploader)
        publisher.flush()
        #expect(try publisher.stateFile.read()?.state == .starting)
        publisher.setPhase(.running)
        publisher.taskStarted("a")
        publisher.taskStarted("b")
        publisher.taskFinished("a")
        publisher.setPhase(.draining)
        publisher.flush()
        let written = try #require(try publisher.stateFile.read())
        #expect(written.role == .uploader && written.pid == getpid() && written.state == .draining)
        #expect(written.tasksInFlight.map(\.taskUUID) == ["b"])
        #expect(written.updatedAt >= written.startedAt)
        publisher.remove()
        #expect(try publisher.stateFile.read() == nil)
    }

    @Test func reportsWriteFailures() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let errors = Mutex<[LifecycleError]>([])
        let publisher = RoleStatePublisher(directory: directory.file("missing"), role: .processor) { error in
            errors.withLock { $0.append(error) }
        }
        publisher.flush()
        let first = try #require(errors.withLock { $0.first })
        #expect(first.description.contains("missing/processor.state.json.tmp."))
    }
}
