import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

@Suite("State store")
struct StateStoreTests {
    let now = Date(timeIntervalSince1970: 1_807_000_000)

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test("a missing file is a new state; the first write creates it owner-only, serial 1, in an owner-only folder")
    func firstWrite() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("sub/state.json"))
        let loaded = try store.load()
        #expect(!loaded.existed)
        #expect(loaded.state.serial == 0)
        var state = loaded.state
        state[course: "10062"] = ManagedCourse(
            number: "10062", host: "m.berger@semcosoft.com", meetingID: 81_234_567_890)
        let (written, _) = try store.save(state, now: now, expected: loaded.fingerprint)
        #expect(written.serial == 1)
        #expect(written.updatedAt == now)
        #expect(try mode(store.url.path) == 0o600)
        #expect(try mode(store.directory.path) == 0o700)
        let reread = try store.load()
        #expect(reread.existed)
        #expect(reread.state == written)
        #expect(!FileManager.default.fileExists(atPath: store.backupURL.path))
        // One course per line inside `courses`, sorted keys, ISO dates (docs/state.md).
        let text = try String(contentsOf: store.url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("{\"format\":2,\"lineage\":"))
        #expect(lines[0].hasSuffix(",\"serial\":1,\"updatedAt\":\"2027-04-06T08:26:40Z\",\"courses\":["))
        #expect(
            lines[1].hasPrefix("{\"host\":\"m.berger@semcosoft.com\",\"meetingID\":81234567890,\"number\":\"10062\""))
        #expect(lines[2] == "]}" && lines[3].isEmpty)
    }

    @Test("every write keeps the previous version as .bak, grows the serial and leaves no temp file")
    func backupAndSerial() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        let loaded = try store.load()
        var (state, print) = try store.save(loaded.state, now: now, expected: loaded.fingerprint)
        state[course: "1"] = ManagedCourse(number: "1", host: "a@b.de")
        (state, print) = try store.save(state, now: now.addingTimeInterval(60), expected: print)
        #expect(state.serial == 2)
        let backup = try StateStore(url: store.backupURL).load().state
        #expect(backup.serial == 1)
        #expect(backup.courses.isEmpty)
        #expect(try store.load().state.courses.count == 1)
        #expect(try mode(store.backupURL.path) == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["state.json", "state.json.bak"])
    }

    @Test("malformed JSON is refused with the file's name and left as it is")
    func malformed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write("state.json", "{\"format\": 1, \"lineage\": ")
        let store = StateStore(url: url)
        #expect {
            try store.load()
        } throws: { error in
            guard case .malformed(let path, _) = error as? StateStoreError else { return false }
            return path == url.path
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"format\": 1, \"lineage\": ")
    }

    @Test("a newer format is refused, not overwritten")
    func newerFormat() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let body = "{\"format\": 99, \"lineage\": \"x\", \"serial\": 4, \"something\": [1]}"
        let url = try dir.write("state.json", body)
        #expect(throws: StateStoreError.newerFormat(path: url.path, found: 99, supported: SyncState.currentFormat)) {
            try StateStore(url: url).load()
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == body)
    }

    @Test("a file swapped for one of another lineage during the run is refused, never overwritten")
    func lineageSwap() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        let first = try store.load()
        let (mine, print) = try store.save(first.state, now: now, expected: first.fingerprint)

        // Someone puts another state file in its place.
        let other = SyncState(lineage: "another-lineage", serial: 7)
        try StateStore.encoder().encode(other).write(to: store.url)
        let swapped = try Data(contentsOf: store.url)

        #expect(
            throws: StateStoreError.lineageChanged(
                path: store.url.path, expected: mine.lineage, found: "another-lineage")
        ) {
            try store.save(mine, now: now, expected: print)
        }
        #expect(try Data(contentsOf: store.url) == swapped)
    }

    @Test("a state file that appears after the run found none is checked like a swap")
    func appearedFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        let loaded = try store.load()
        try StateStore.encoder().encode(SyncState(lineage: "someone-else")).write(to: store.url)
        #expect(throws: StateStoreError.self) {
            try store.save(loaded.state, now: now, expected: nil)
        }
    }

    @Test("the journal writes through after every change")
    func journal() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = StateStore(url: dir.url.appendingPathComponent("state.json"))
        let journal = StateJournal(store: store, loaded: try store.load(), clock: FixedClock(now))
        try await journal.update { $0[course: "1"] = ManagedCourse(number: "1", host: "h@x.de") }
        #expect(try store.load().state.courses.keys.sorted() == ["1"])
        try await journal.update { $0[course: "1"]?.meetingID = 42 }
        let onDisk = try store.load().state
        #expect(onDisk[course: "1"]?.meetingID == 42)
        #expect(onDisk.serial == 2)
        #expect(await journal.writes == 2)
    }
}
