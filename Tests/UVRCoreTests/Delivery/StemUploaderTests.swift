import Foundation
import Testing
import TestSupport
@testable import UVRCore

@Suite struct StemUploaderTests {
    /// Two stems on disk for task `task-7`.
    func stems(in directory: TemporaryDirectory, vocalsBytes: Int = 1000) throws -> (vocals: String, instrumental: String) {
        var bytes = [UInt8](repeating: 0, count: vocalsBytes)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let vocals = directory.path + "/task-7_vocals.flac"
        try Data(bytes).write(to: URL(fileURLWithPath: vocals))
        return (vocals, try directory.write("task-7_instrumental.flac", "instrumental"))
    }

    @Test func parsesDestinations() throws {
        #expect(try UploadDestination(parsing: "file:///srv/stems/") == .directory("/srv/stems"))
        #expect(try UploadDestination(parsing: "file:///srv/my%20stems") == .directory("/srv/my stems"))
        #expect(try UploadDestination(parsing: "https://cdn.example.com/uvr") == .http(baseURL: "https://cdn.example.com/uvr/"))
        #expect(throws: DeliveryFailure.self) { try UploadDestination(parsing: "file://host/dir") }
        #expect(throws: DeliveryFailure.self) { try UploadDestination(parsing: "ftp://x/") }
        #expect(throws: DeliveryFailure.self) { try UploadDestination(parsing: "/plain/path") }
    }

    @Test func fileDestinationCopiesAtomicallyUnderTheTaskUUID() throws {
        let source = try TemporaryDirectory()
        let target = try TemporaryDirectory()
        let (vocals, instrumental) = try stems(in: source)
        let uploader = StemUploader(destination: .directory(target.path), timeout: 5)
        let uploaded = try uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).get()

        #expect(uploaded == UploadedStems(vocalsURL: "file://\(target.path)/task-7/vocals.flac",
                                          instrumentalURL: "file://\(target.path)/task-7/instrumental.flac"))
        #expect(FileManager.default.contentsEqual(atPath: vocals, andPath: target.path + "/task-7/vocals.flac"))
        #expect(FileManager.default.contentsEqual(atPath: instrumental, andPath: target.path + "/task-7/instrumental.flac"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path + "/task-7").sorted() == ["instrumental.flac", "vocals.flac"])
        // Idempotent: a redelivery overwrites the same names.
        #expect(try uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).get() == uploaded)
    }

    @Test func missingStemAndUnsafeUUIDArePermanent() throws {
        let source = try TemporaryDirectory()
        let target = try TemporaryDirectory()
        let (vocals, _) = try stems(in: source)
        let uploader = StemUploader(destination: .directory(target.path), timeout: 5)
        let missing = uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: source.path + "/gone.flac")
        #expect(missing.failureKind == .permanent)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty, "nothing uploaded when a stem is missing")
        #expect(uploader.upload(taskUUID: "../x", vocalsPath: vocals, instrumentalPath: vocals).failureKind == .permanent)
    }

    @Test func httpDestinationStreamsA50MegabyteStemByteIdentical() throws {
        let receiver = try WebhookReceiver()
        let source = try TemporaryDirectory()
        let (vocals, instrumental) = try stems(in: source, vocalsBytes: 50 << 20)
        let uploader = StemUploader(destination: try UploadDestination(parsing: receiver.baseURL + "/stems"), timeout: 60)
        let uploaded = try uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).get()

        #expect(uploaded == UploadedStems(vocalsURL: receiver.baseURL + "/stems/task-7/vocals.flac",
                                          instrumentalURL: receiver.baseURL + "/stems/task-7/instrumental.flac"))
        #expect(FileManager.default.contentsEqual(atPath: vocals, andPath: receiver.uploadDirectory + "/stems/task-7/vocals.flac"))
        #expect(FileManager.default.contentsEqual(atPath: instrumental, andPath: receiver.uploadDirectory + "/stems/task-7/instrumental.flac"))
        let requests = try receiver.requests()
        #expect(requests.map { $0["method"] as? String } == ["PUT", "PUT"])
        #expect(requests.first?["length"] as? Int == 50 << 20)
        #expect(requests.first?.header("Content-Length") == String(50 << 20), "sent with a known length, not chunked from memory")
        #expect(requests.first?.header("User-Agent") == "uvrctl/\(UVRVersion.string)")
    }

    @Test func httpUploadFailuresAreClassified() throws {
        let receiver = try WebhookReceiver()
        let source = try TemporaryDirectory()
        let (vocals, instrumental) = try stems(in: source)
        let uploader = StemUploader(destination: .http(baseURL: receiver.baseURL + "/"), timeout: 5)
        try receiver.failNext(1, status: 503, retryAfter: "4")
        #expect(uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).failureKind == .retryable(retryAfter: 4))
        try receiver.failNext(1, status: 403)
        #expect(uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).failureKind == .permanent)
        try receiver.failNext(0, status: 200)
        #expect(try uploader.upload(taskUUID: "task-7", vocalsPath: vocals, instrumentalPath: instrumental).get().vocalsURL.hasSuffix("/task-7/vocals.flac"))
    }
}
