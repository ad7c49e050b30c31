import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// Damaged state files (format 2): refused with the file, the line and the field named, never
/// read as something else and never overwritten; the line reader agrees with JSONDecoder reading
/// the whole file wherever it answers.
@Suite("State file damage: named errors, cut-off files refused, fuzz against JSONDecoder")
struct StateFileDamageTests {
    static func state() -> SyncState {
        var state = StateFileFormatTests.states()[2]
        state.courses = state.courses.filter { ["10001", "10002", "10003"].contains($0.key) }
        return state
    }

    /// What `load` gives for `bytes` in a file of its own: the state or the error.
    static func load(_ bytes: Data, in dir: TemporaryDirectory) -> (URL, Result<SyncState, StateStoreError>) {
        let url = dir.url.appendingPathComponent("state.json")
        try? FileManager.default.removeItem(at: url)
        try! bytes.write(to: url)
        return (url, Result { () throws(StateStoreError) in try StateStore(url: url).load().state })
    }

    static func lines(_ state: SyncState) -> [String] {
        String(decoding: StateFile.data(state), as: UTF8.self).components(separatedBy: "\n")
    }

    @Test("a wrong value in a course names the file, the line and the field")
    func namedErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var lines = Self.lines(Self.state())
        let cases: [(Int, String, String, String)] = [
            (2, #""phase":"closed""#, #""phase":"zu""#, "line 3: invalid JSON at /phase"),
            (1, #""host":"#, #""hostx":"#, #"line 2: missing "host" at /"#),
            (
                1, #""status":"cancelled""#, #""status":7"#,
                "line 2: wrong type at /registrants/emoji@example.org/status"
            ),
            (3, #""phase":"#, #""phase""#, "line 4: invalid JSON"),
        ]
        for (index, from, to, reason) in cases {
            var damaged = lines
            #expect(damaged[index].contains(from), "\(from)")
            damaged[index] = damaged[index].replacingOccurrences(of: from, with: to)
            let (url, result) = Self.load(Data(damaged.joined(separator: "\n").utf8), in: dir)
            guard case .failure(.malformed(let path, let found)) = result else {
                Issue.record("not refused: \(to) → \(result)")
                continue
            }
            #expect(path == url.path)
            #expect(found.hasPrefix(reason), "\(found)")
            let message = StateStoreError.malformed(path: path, reason: found).message
            #expect(message.en.contains(url.path + ".bak") && message.de.contains(url.path))
        }
        // The layout's own rules: commas between courses, nothing after the document.
        lines[1].removeLast()
        #expect(Self.reason(lines, in: dir) == "line 2 lacks the comma after its course")
        lines = Self.lines(Self.state())
        lines[3] += ","
        #expect(Self.reason(lines, in: dir) == "line 4 ends with a comma")
        lines = Self.lines(Self.state())
        lines[5] = "{}"
        #expect(Self.reason(lines, in: dir) == "line 6: text after the end of the document")
    }

    static func reason(_ lines: [String], in dir: TemporaryDirectory) -> String? {
        let (_, result) = load(Data(lines.joined(separator: "\n").utf8), in: dir)
        guard case .failure(.malformed(_, let reason)) = result else { return nil }
        return reason
    }

    @Test("cut off at every byte: refused as malformed with the file's name (only the last newline may go)")
    func truncated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var state = Self.state()
        state.courses = state.courses.filter { $0.key != "10001" }
        let data = StateFile.data(state)
        for cut in 0..<(data.count - 1) {
            let (url, result) = Self.load(data.prefix(cut), in: dir)
            guard case .failure(.malformed(let path, _)) = result else {
                Issue.record("cut \(cut): \(result)")
                continue
            }
            #expect(path == url.path, "cut \(cut)")
        }
        let (_, whole) = Self.load(data.prefix(data.count - 1), in: dir)
        #expect((try? whole.get()) == StateFileFormatTests.written(state))
    }

    @Test("a torn file is refused and left as it is; the previous version stays in .bak, whole")
    func tornFileKeepsData() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        let first = try store.load()
        let (one, print) = try store.save(
            Self.state(), now: Date(timeIntervalSince1970: 1), expected: first.fingerprint)
        var next = one
        next[course: "10001"]?.meetingID = 5
        try store.save(next, now: Date(timeIntervalSince1970: 2), expected: print)
        let full = try Data(contentsOf: store.url)
        let torn = full.prefix(full.count / 2)
        try torn.write(to: store.url)
        #expect(throws: StateStoreError.self) { try store.load() }
        #expect(try Data(contentsOf: store.url) == torn)
        #expect(try StateStore(url: store.backupURL).load().state == one)
    }

    @Test("a newer format on line 1 is refused before any course is read")
    func newerFormat() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let body = "{\"format\":3,\"lineage\":\"x\",\"serial\":1,\"courses\":[\n{\"a new kind of course\":true}\n]}\n"
        let (url, result) = Self.load(Data(body.utf8), in: dir)
        #expect(result == .failure(.newerFormat(path: url.path, found: 3, supported: 2)))
        #expect(try String(contentsOf: url, encoding: .utf8) == body)
    }

    @Test("random byte changes: whenever the line reader answers, JSONDecoder reads the whole file the same")
    func fuzz() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = [UInt8](StateFile.data(Self.state()))
        let alphabet = Array("{}[],:\"\\ u0123456789-.eEtfnlr/aZ\u{7F}".utf8) + [0xC3, 0xA4, 0xFF, 0x0A, 0x0D]
        var rng = SplitMix(seed: 15)
        var answered = 0
        for _ in 0..<500 {
            var bytes = original
            rng.damage(&bytes, alphabet: alphabet)
            let data = Data(bytes)
            let (url, result) = Self.load(data, in: dir)
            switch result {
            case .success(let state):
                answered += 1
                #expect(state == StateFileFormatTests.whole(data), "\(String(decoding: data, as: UTF8.self))")
            case .failure(.malformed(let path, _)), .failure(.newerFormat(let path, _, _)):
                #expect(path == url.path)
            case .failure(let other):
                Issue.record("\(other)")
            }
        }
        #expect(answered > 0)
    }
}
