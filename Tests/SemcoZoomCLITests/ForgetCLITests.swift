import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// `semco-zoom forget --email` end to end (DSGVO Art. 17, docs/privacy.md): a state, its `.bak`
/// and journal, run folders and archived exports that all hold the address; afterwards a byte
/// search of the whole tree finds it nowhere, and Zoom was not touched.
@Suite("forget: one person removed from every file the tool keeps", .serialized)
struct ForgetCLITests {
    static let address = "anna.schmidt@example.org"
    static let now = [ClockOverride.environmentKey: "2027-04-01T20:00:00Z"]

    /// Every regular file below `folder` whose bytes hold `needle`, ASCII case ignored.
    static func holding(_ needle: String, under folder: URL) -> [String] {
        let lower = Data(needle.lowercased().utf8)
        var found: [String] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: url) else { continue }
            let lowered = Data(data.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
            if lowered.range(of: lower) != nil { found.append(url.path) }
        }
        return found.sorted()
    }

    /// A scene where the address is in the state, its `.bak`, a journal, a run's report,
    /// write-back and Zoom import files, and an archived export.
    static func sceneHoldingTheAddressEverywhere() async throws -> (SyncScene, URL) {
        let scene = try await SyncScene.start()
        try scene.writeGuideCourse()
        let first = try await scene.run("sync", ["--json"], environment: now)
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        let runFolder = try scene.reportFile(first).deletingLastPathComponent()
        // Zoom would not take her back once: the run hands her to the Zoom import CSV.
        try ZoomImportCSV.write(
            ZoomImportBatch(
                course: "10062", meetingID: nil,
                rows: [
                    ZoomImportRow(email: "Anna.Schmidt@Example.org", firstName: "Anna", lastName: "Schmidt"),
                    ZoomImportRow(email: "s.miller@example.org", firstName: "Steve", lastName: "Miller"),
                ]), includeHeader: true, into: runFolder)
        // One more write of the state (the .bak now holds her too), then a run killed mid-way
        // leaves a journal behind that names her.
        let store = StateStore(url: scene.stateFile)
        let clock = ManualClock(ISO8601DateFormatter().date(from: "2027-04-01T20:10:00Z")!)
        let folded = StateJournal(store: store, loaded: try store.load(), clock: clock)
        try await folded.update(course: "10062") { state in
            state[course: "10062"]?.registrants[Self.address]?.joinURL = "https://zoom.example/w/anna?tk=1"
        }
        try await folded.checkpoint()
        let journal = StateJournal(store: store, loaded: try store.load(), clock: clock)
        try await journal.update(course: "10062") { state in
            state[course: "10062"]?.registrants[Self.address]?.joinURL = "https://zoom.example/w/anna?tk=2"
        }
        #expect(FileManager.default.fileExists(atPath: store.journalURL.path))
        for place in [scene.stateFile.path, store.backupURL.path, store.journalURL.path] {
            #expect(holding(address, under: scene.dir.url).contains(place), "\(place) should hold the address")
        }
        #expect(holding(address, under: runFolder).count == 1)  // the Zoom import CSV; reports name, never address
        let apiLog = try String(contentsOf: runFolder.appendingPathComponent("api-calls.jsonl"), encoding: .utf8)
        #expect(apiLog.contains(#""booking":"BN27-00160""#))
        #expect(!holding(address, under: scene.drop.appendingPathComponent("archive")).isEmpty)
        return (scene, runFolder)
    }

    @Test("--yes --include-archive: nothing of her stays anywhere; the others and Zoom are untouched")
    func forgetEverywhere() async throws {
        let (scene, runFolder) = try await Self.sceneHoldingTheAddressEverywhere()
        defer { Task { await scene.stop() } }
        let zoomBefore = await scene.simulator.snapshot().meetings
        let callsBefore = await scene.callCount()
        let reportBefore = try String(contentsOf: runFolder.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(reportBefore.contains("Anna Schmidt"))

        let result = try await scene.run(
            "forget", ["--email", "Anna.Schmidt@example.org", "--yes", "--include-archive"], environment: Self.now)
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Zoom wurde nicht verändert"))
        #expect(result.stdout.contains("laufende Kurse 10062"))
        #expect(result.stdout.contains("Gelöschte Exporte"))

        // A byte search of the whole tree: state, .bak, journal, runs, drop and archive.
        #expect(Self.holding(Self.address, under: scene.dir.url) == [])
        #expect(Self.holding("Anna Schmidt", under: scene.dir.url) == [])
        #expect(Self.holding("zoom.example/w/anna", under: scene.dir.url) == [])
        #expect(Self.holding("BN27-00160", under: scene.stateFile.deletingLastPathComponent()) == [])
        // The others stay, and the rewritten files are owner-only.
        #expect(
            try scene.state()[course: "10062"]?.registrants.keys.sorted() == [
                "rita.doro@example.org", "s.miller@example.org",
            ])
        for name in ["report.json", "report.html", "semco-import/buchungen.csv", "zoom-import"] {
            let url = runFolder.appendingPathComponent(name)
            let files =
                name == "zoom-import"
                ? try FileManager.default.contentsOfDirectory(atPath: url.path).map { url.appendingPathComponent($0) }
                : [url]
            for file in files {
                let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file.path) mode \(String(mode ?? 0, radix: 8))")
            }
        }
        let bookings = try String(
            contentsOf: runFolder.appendingPathComponent("semco-import/buchungen.csv"), encoding: .utf8)
        #expect(bookings.contains("BN27-00158") && !bookings.contains("BN27-00160"))
        let report = try ReportDocument.makeDecoder().decode(
            ReportDocument.self, from: Data(contentsOf: runFolder.appendingPathComponent("report.json")))
        #expect(report.actions.contains { $0.participant == "Steve Miller" })
        #expect(!FileManager.default.fileExists(atPath: StateStore(url: scene.stateFile).journalURL.path))
        // Zoom: not one call, she is still registered there.
        #expect(await scene.callCount() == callsBefore)
        #expect(await scene.simulator.snapshot().meetings.map(\.registrants) == zoomBefore.map(\.registrants))
        #expect(zoomBefore.first?.registrants.contains { $0.email.lowercased() == Self.address } == true)
        // The state still loads and the next run works with it.
        let status = try await scene.run("status")
        #expect(status.exitCode == 0, "\(status.stderr)")
    }

    @Test("without --include-archive the archived exports are listed, not deleted; English with --language en")
    func listsArchivedExports() async throws {
        let (scene, _) = try await Self.sceneHoldingTheAddressEverywhere()
        defer { Task { await scene.stop() } }
        let archive = scene.drop.appendingPathComponent("archive")
        let result = try await scene.run(
            "forget", ["--email", Self.address, "--yes", "--language", "en"], environment: Self.now)
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Zoom was not changed"))
        #expect(result.stdout.contains("Exports still holding the address"))
        #expect(!result.stdout.contains("Statusdatei"))
        let archived = Self.holding(Self.address, under: archive)
        #expect(archived.count == 1)
        #expect(result.stdout.contains(String(archived[0].dropFirst(scene.drop.path.count + 1))))
        #expect(Self.holding(Self.address, under: scene.dir.url) == archived)
    }

    /// The guide's course synced once; returns the state file's bytes, to show nothing changed.
    static func syncGuideCourse(_ scene: SyncScene) async throws -> Data {
        try scene.writeGuideCourse()
        let sync = try await scene.run("sync", ["--keep-drop"], environment: now)
        #expect(sync.exitCode == 0)
        return try Data(contentsOf: scene.stateFile)
    }

    @Test("without --yes and without a terminal: refused with exit 64, nothing changed")
    func refusesWithoutYes() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let before = try await Self.syncGuideCourse(scene)
        let result = try await scene.run("forget", ["--email", Self.address], environment: Self.now)
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--yes"))
        #expect(try Data(contentsOf: scene.stateFile) == before)
        let bad = try await scene.run("forget", ["--email", "keine-adresse", "--yes"], environment: Self.now)
        #expect(bad.exitCode == 64)
    }

    @Test("another run holds the lock: exit 75, nothing changed")
    func takesTheRunLock() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let before = try await Self.syncGuideCourse(scene)
        let lock = try RunLock.acquire(StateStore(url: scene.stateFile).lockURL)
        defer { lock.release() }
        let result = try await scene.run("forget", ["--email", Self.address, "--yes"], environment: Self.now)
        #expect(result.exitCode == 75, "\(result.stdout)\n\(result.stderr)")
        #expect(try Data(contentsOf: scene.stateFile) == before)
    }
}

@Suite struct ForgetHelpTests {
    @Test("`semco-zoom help` lists forget; `help forget` shows its options and exit codes only")
    func help() throws {
        let all = try CLIRunner.run(["help"])
        #expect(all.stdout.contains("forget"))
        let forget = try CLIRunner.run(["help", "forget"]).stdout
        for text in ["--email", "--yes", "--include-archive", "--state", "--drop", "--language", "64", "75"] {
            #expect(forget.contains(text), "\(text)\n\(forget)")
        }
        for option in ["--zoom", "--keep-drop", "--out", "--json"] { #expect(!forget.contains(option)) }
        let bash = try CLIRunner.run(["--generate-completion-script", "bash"]).stdout
        #expect(bash.contains("forget") && bash.contains("--include-archive"))
    }
}
