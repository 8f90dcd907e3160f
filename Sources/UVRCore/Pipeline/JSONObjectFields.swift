import Foundation

/// A parsed JSON object with typed, field-naming accessors, shared by task and result parsing.
struct JSONObjectFields {
    private let object: [String: Any]

    /// Parses `payload` as one JSON object, or fails with a message saying what is wrong.
    static func parse(_ payload: Data?) -> Result<JSONObjectFields, TaskFailure> {
        guard let payload, !payload.isEmpty else {
            return .failure(TaskFailure(.invalidTask, "message has an empty payload"))
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed])
        } catch {
            return .failure(TaskFailure(.invalidTask, "payload is not valid JSON"))
        }
        guard let object = value as? [String: Any] else {
            return .failure(TaskFailure(.invalidTask, "payload is not a JSON object"))
        }
        return .success(JSONObjectFields(object: object))
    }

    /// The string field `name`, failing when missing, null, mistyped or (unless allowed) empty.
    func string(_ name: String, allowEmpty: Bool = false) throws(TaskFailure) -> String {
        guard let raw = object[name], !(raw is NSNull) else {
            throw TaskFailure(.invalidTask, "missing field \(name)")
        }
        guard let value = raw as? String else {
            throw TaskFailure(.invalidTask, "field \(name) must be a string")
        }
        if !allowEmpty && value.isEmpty {
            throw TaskFailure(.invalidTask, "field \(name) must not be empty")
        }
        return value
    }

    /// The string field `name` when present and a string, else nil (for best-effort recovery).
    func recoverableString(_ name: String) -> String? {
        object[name] as? String
    }

    /// The boolean field `name` (JSON `true`/`false` only, not numbers).
    func bool(_ name: String) throws(TaskFailure) -> Bool {
        guard let raw = object[name], !(raw is NSNull) else {
            throw TaskFailure(.invalidTask, "missing field \(name)")
        }
        guard let number = raw as? NSNumber, Self.isBoolean(number) else {
            throw TaskFailure(.invalidTask, "field \(name) must be true or false")
        }
        return number.boolValue
    }

    /// The non-negative integer field `name`.
    func nonNegativeInteger(_ name: String) throws(TaskFailure) -> Int {
        guard let raw = object[name], !(raw is NSNull) else {
            throw TaskFailure(.invalidTask, "missing field \(name)")
        }
        guard let number = raw as? NSNumber, !Self.isBoolean(number), let value = raw as? Int, value >= 0 else {
            throw TaskFailure(.invalidTask, "field \(name) must be a non-negative integer")
        }
        return value
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization marks booleans with the ObjC type encoding of BOOL/char.
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }
}
