import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state file's layout since format 2 (docs/state.md): one JSON document with one course
/// per line inside its `courses` array, so it is written and read course by course and is still
/// one document for `jq` and for JSONDecoder:
///
///     {"dailyWrites":{…},"format":2,"lineage":"…","serial":7,"updatedAt":"…","courses":[
///     {"host":"…","number":"10001",…},
///     {"host":"…","number":"10002",…}
///     ]}
///
/// Every line is JSONEncoder's (`SyncState`'s and `ManagedCourse`'s own Codable, keys sorted);
/// every course line is read by `StateFileCourseReader`, a hand reader that gives JSONDecoder's
/// value or declines, and a declined line by JSONDecoder. A file not laid out so (format 1, or
/// one a person reformatted) is read whole by JSONDecoder, through the same Codable types.
enum StateFile {
    /// Compact JSON with sorted keys and ISO dates: one line per value (the journal's too).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// What ends the first line: the `courses` array opens.
    static let coursesOpen = Array(#","courses":["#.utf8)
    /// The last line: the array and the document close.
    static let close = Array("]}".utf8)
    static let courseEnd = Array(",\n".utf8)
    static let lastCourseEnd = Array("\n".utf8)

    // MARK: - Writing

    /// Writes `state` line by line into `sink`: the top-level fields, then each course as
    /// JSONEncoder encodes it, sorted by course number.
    static func write(_ state: SyncState, to sink: inout FileSink) throws(StateStoreError) {
        let encoder = encoder()
        do {
            sink.append(try headerLine(state, encoder: encoder))
            let courses = state.sortedCourses
            for (index, course) in courses.enumerated() {
                sink.append(try encoder.encode(course))
                sink.append(index == courses.count - 1 ? lastCourseEnd : courseEnd)
            }
            sink.append(close + lastCourseEnd)
        } catch {
            throw .writeFailed(path: sink.path, reason: StateStore.reason(error))
        }
    }

    /// `{"dailyWrites":…,"format":2,…,"courses":[` and a newline: the state without its courses
    /// as `SyncState` encodes it (`{"courses":[],` first, the keys being sorted), the array
    /// moved to the end.
    static func headerLine(_ state: SyncState, encoder: JSONEncoder) throws -> [UInt8] {
        var top = state
        top.courses = [:]
        let bytes = [UInt8](try encoder.encode(top))
        let empty = Array(#"{"courses":[],"#.utf8)
        precondition(bytes.starts(with: empty) && bytes.last == UInt8(ascii: "}"), "SyncState's keys are sorted")
        return [UInt8(ascii: "{")] + bytes[empty.count..<(bytes.count - 1)] + coursesOpen + [0x0A]
    }

    /// The whole file's bytes (tests, small states).
    static func data(_ state: SyncState) -> Data {
        var sink = FileSink(path: "")
        try! write(state, to: &sink)
        return Data(sink.buffer)
    }

    // MARK: - Reading

    /// The state in the file at `path`, read course by course; a file not laid out in lines is
    /// read whole by JSONDecoder. Errors name the file, the line and the field.
    static func read(path: String) throws(StateStoreError) -> SyncState {
        var lines = try LineReader(path: path)
        guard let first = try lines.next(), var state = try header(first, path: path) else {
            return try whole(path: path)
        }
        let decoder = StateStore.decoder()
        var afterComma = false
        while true {
            guard var line = try lines.next() else {
                throw .malformed(
                    path: path,
                    reason:
                        "the file ends after line \(lines.number) without closing its courses (\"]}\"): it was cut off")
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.elementsEqual(close) {
                if afterComma { throw .malformed(path: path, reason: "line \(lines.number - 1) ends with a comma") }
                break
            }
            if lines.number > 2, !afterComma {
                throw .malformed(path: path, reason: "line \(lines.number - 1) lacks the comma after its course")
            }
            if !lines.lineEnded {
                throw .malformed(path: path, reason: "line \(lines.number) is cut off (the file ends inside it)")
            }
            afterComma = line.last == UInt8(ascii: ",")
            if afterComma { line.removeLast() }
            do {
                // The hand reader first (the night's CPU budget, docs/state.md); JSONDecoder
                // reads whatever it declines, with JSONDecoder's errors.
                var course =
                    try StateFileCourseReader.course(line) ?? decoder.decode(ManagedCourse.self, from: Data(line))
                course.shareRegistrantKeys()
                try state.add(course, at: [])
            } catch {
                throw .malformed(path: path, reason: "line \(lines.number): \(StateStore.reason(error))")
            }
        }
        while let rest = try lines.next() {
            guard rest.allSatisfy({ [0x20, 0x09, 0x0D].contains($0) }) else {
                throw .malformed(path: path, reason: "line \(lines.number): text after the end of the document")
            }
        }
        return state
    }

    /// The top-level fields from the first line, courses empty (no file is read beyond it). Nil
    /// when the line is not a format-2 first line: the file is then read whole.
    static func header(_ line: ArraySlice<UInt8>, path: String) throws(StateStoreError) -> SyncState? {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.first == UInt8(ascii: "{"), line.count > coursesOpen.count,
            line.suffix(coursesOpen.count).elementsEqual(coursesOpen)
        else { return nil }
        guard let top = try? StateStore.decoder().decode(SyncState.self, from: Data(line + close)) else { return nil }
        if top.format > SyncState.currentFormat {
            throw .newerFormat(path: path, found: top.format, supported: SyncState.currentFormat)
        }
        return top.format >= 2 ? top : nil
    }

    /// The top-level fields only (format, lineage): from the first line, or from the whole
    /// file when it is not laid out in lines.
    static func readHeader(path: String) throws(StateStoreError) -> (format: Int?, lineage: String?) {
        var lines = try LineReader(path: path)
        if let first = try lines.next(), let top = try header(first, path: path) {
            return (top.format, top.lineage)
        }
        let top = try wholeTop(try wholeData(path: path), path: path)
        return (top.format, top.lineage)
    }

    /// The file read whole by JSONDecoder (format 1, or a file not laid out in lines), after the
    /// header check: no `format` is malformed, a newer one refused.
    static func whole(path: String) throws(StateStoreError) -> SyncState {
        let data = try wholeData(path: path)
        guard let format = try wholeTop(data, path: path).format else {
            throw .malformed(path: path, reason: "no \"format\"")
        }
        if format > SyncState.currentFormat {
            throw .newerFormat(path: path, found: format, supported: SyncState.currentFormat)
        }
        do {
            return try StateStore.decoder().decode(SyncState.self, from: data)
        } catch {
            throw .malformed(path: path, reason: StateStore.reason(error))
        }
    }

    private struct Top: Decodable {
        var format: Int?
        var lineage: String?
    }

    private static func wholeTop(_ data: Data, path: String) throws(StateStoreError) -> Top {
        do {
            return try StateStore.decoder().decode(Top.self, from: data)
        } catch {
            throw .malformed(path: path, reason: StateStore.reason(error))
        }
    }

    static func wholeData(path: String) throws(StateStoreError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: StateStore.reason(error))
        }
    }
}

/// The lines of a file, read 1 MiB at a time: only the line at hand and the piece it is in are
/// in memory.
struct LineReader: ~Copyable {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The number of the line `next` returned last (from 1).
    private(set) var number = 0
    /// Whether that line ended with `\n` (false: the file ended inside it).
    private(set) var lineEnded = true

    init(path: String) throws(StateStoreError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { close(fd) }

    /// The next line without its `\n`; nil at the end of the file.
    mutating func next() throws(StateStoreError) -> ArraySlice<UInt8>? {
        var searched = start
        while true {
            if let end = buffer[searched...].firstIndex(of: 0x0A) {
                let line = buffer[start..<end]
                start = end + 1
                number += 1
                lineEnded = true
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                number += 1
                lineEnded = false
                return line
            }
            buffer.removeSubrange(0..<start)
            start = 0
            searched = buffer.count
            try fill()
        }
    }

    private mutating func fill() throws(StateStoreError) {
        let piece = 1 << 20
        var failure: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: piece) { bytes, count in
            var n: Int
            repeat {
                n = read(fd, bytes.baseAddress!, piece)
            } while n < 0 && errno == EINTR
            if n < 0 { failure = errno }
            count = max(n, 0)
        }
        if failure != 0 { throw .unreadable(path: path, reason: String(cString: strerror(failure))) }
        if chunk.isEmpty { atEnd = true }
        buffer.append(contentsOf: chunk)
    }
}

/// Bytes on their way into a file, 1 MiB at a time; the first failed write is kept in
/// `errorCode` and nothing is written after it. Without a descriptor it only collects (tests).
struct FileSink {
    let path: String
    private let fd: Int32
    private(set) var buffer: [UInt8] = []
    private(set) var errorCode: Int32 = 0
    private(set) var written = 0

    init(path: String, fd: Int32 = -1) {
        self.path = path
        self.fd = fd
        if fd >= 0 { buffer.reserveCapacity(1 << 20) }
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if fd >= 0, buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        guard fd >= 0 else { return }
        if errorCode == 0 { errorCode = POSIXWrite.all(fd, buffer) }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

extension ManagedCourse {
    /// Lets each registrant's address share its storage with its key where both are the same
    /// text (almost always): at size L that is 400,000 strings fewer in memory (about 18 MB).
    mutating func shareRegistrantKeys() {
        // By index, not over `indices` (which would hold the storage and copy it on write).
        var index = registrants.startIndex
        while index != registrants.endIndex {
            if registrants.keys[index] == registrants.values[index].email {
                registrants.values[index].email = registrants.keys[index]
            }
            registrants.formIndex(after: &index)
        }
    }
}
