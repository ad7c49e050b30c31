import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// Retention through the real binary on real folders (docs/privacy.md): what is older than the
/// retention period goes at the end of a sync that went well; the last archived snapshot, recent
/// folders and folders that are not the tool's stay; a failed run removes nothing.
@Suite("Retention: run, archive and rejected folders and the state", .serialized)
struct RetentionCLITests {
    static let now = ClockOverride.environmentKey

    /// An old folder with one file, named like the run that made it.
    @discardableResult
    static func folder(_ parent: URL, _ name: String, file: String = "x.csv") throws -> URL {
        let folder = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Kursnr\n".utf8).write(to: folder.appendingPathComponent(file))
        return folder
    }

    static func names(_ folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    }

    @Test("old folders go, recent ones, the last snapshot and foreign folders stay; a failed run removes nothing")
    func foldersOnRealDisk() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let runs = scene.stateFile.deletingLastPathComponent().appendingPathComponent("runs")
        let archive = scene.drop.appendingPathComponent("archive")
        let rejected = scene.drop.appendingPathComponent("rejected")
        try Self.folder(runs, "20261201T213000Z-0a0a")  // 121 days before the run
        try Self.folder(runs, "20270315T213000Z-0b0b")  // 17 days before
        try Self.folder(runs, "handmade")  // not a run folder: never touched
        try Self.folder(archive, "20261201T213000Z-0c0c", file: "notiz.txt")
        try Self.folder(archive, "20270320T213000Z-0d0d", file: "notiz.txt")
        try Self.folder(rejected, "20261130T213000Z-0e0e", file: "REASON.txt")

        // A failed run (the exports are rejected) removes nothing.
        try scene.drop("kurse_20270331_2200.csv", ["Titel;Ort", "ohne Kursnummer;Zoom Meeting Room"])
        try scene.drop("buchungen_20270331_2200.csv", ["Kursnr;E-Mail", "10062;a@example.org"])
        let failed = try await scene.run("sync", ["--json"], environment: [Self.now: "2027-04-01T20:00:00Z"])
        #expect(failed.exitCode == 1, "\(failed.stdout)\n\(failed.stderr)")
        #expect(Self.names(runs).isSuperset(of: ["20261201T213000Z-0a0a", "20270315T213000Z-0b0b", "handmade"]))
        #expect(Self.names(archive) == ["20261201T213000Z-0c0c", "20270320T213000Z-0d0d"])
        #expect(Self.names(rejected).contains("20261130T213000Z-0e0e"))

        // A run that went well: what is older than 90 days goes, and the report says which.
        try scene.writeGuideCourse()
        let good = try await scene.run("sync", ["--json"], environment: [Self.now: "2027-04-01T20:00:00Z"])
        #expect(good.exitCode == 0, "\(good.stdout)\n\(good.stderr)")
        let ownRun = try scene.reportFile(good).deletingLastPathComponent().lastPathComponent
        #expect(!Self.names(runs).contains("20261201T213000Z-0a0a"))
        #expect(Self.names(runs).isSuperset(of: ["20270315T213000Z-0b0b", "handmade", ownRun]))
        #expect(!Self.names(archive).contains("20261201T213000Z-0c0c"))
        #expect(Self.names(archive).isSuperset(of: ["20270320T213000Z-0d0d", ownRun]))
        // The rejected folder of the failed run is recent; the old one went.
        #expect(!Self.names(rejected).contains("20261130T213000Z-0e0e"))
        #expect(Self.names(rejected).count == 1)
        let report = try scene.report(good)
        let removed = report.diagnostics.filter { $0.code == "retention.removed" }.map(\.message)
        #expect(removed.count == 3, "\(removed)")
        #expect(removed.contains { $0.contains("1 Laufordner") && $0.contains("20261201T213000Z-0a0a") })
        #expect(removed.contains { $0.contains("20261201T213000Z-0c0c") })
        #expect(removed.contains { $0.contains("20261130T213000Z-0e0e") })
        #expect(!removed.joined().contains("Kursnr"))  // names and counts, never contents

        // Half a year later, on a night without exports: the archived snapshot is older than 90
        // days but is the one the tool re-uses, so it stays; the old run folders go.
        let later = try await scene.run("sync", ["--json"], environment: [Self.now: "2027-10-20T20:00:00Z"])
        #expect(later.exitCode == 0, "\(later.stdout)\n\(later.stderr)")
        #expect(Self.names(archive).contains(ownRun))
        #expect(!Self.names(archive).contains("20270320T213000Z-0d0d"))
        #expect(try scene.report(later).inputFiles.allSatisfy { $0.path.contains(ownRun) })
        let laterRun = try scene.reportFile(later).deletingLastPathComponent().lastPathComponent
        #expect(Self.names(runs) == ["handmade", laterRun])
    }

    @Test("retention 0 / forever keeps everything")
    func foreverKeeps() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        let runs = scene.stateFile.deletingLastPathComponent().appendingPathComponent("runs")
        try Self.folder(runs, "20200101T213000Z-0a0a")
        try Self.folder(scene.drop.appendingPathComponent("archive"), "20200101T213000Z-0b0b")
        try scene.dir.write(
            "semco-zoom.yaml", "retention:\n  runs_days: forever\n  archive_days: 0\n  state_days: forever\n")
        try scene.writeGuideCourse()
        let run = try await scene.run("sync", ["--json"], environment: [Self.now: "2027-04-01T20:00:00Z"])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(Self.names(runs).contains("20200101T213000Z-0a0a"))
        #expect(Self.names(scene.drop.appendingPathComponent("archive")).contains("20200101T213000Z-0b0b"))
    }

    @Test("a bad retention value is refused with a message naming the key; nothing is touched")
    func badValueNamesTheKey() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        try scene.dir.write("semco-zoom.yaml", "retention:\n  archive_days: -7\n")
        let run = try await scene.run("sync", [], environment: [Self.now: "2027-04-01T20:00:00Z"])
        #expect(run.exitCode == 1)
        #expect((run.stdout + run.stderr).contains("retention.archive_days"), "\(run.stdout)\n\(run.stderr)")
        #expect(await scene.meetings().isEmpty)
        #expect(try scene.dropFiles().count == 3)
        let english = try await scene.run("status", ["--language", "en"])
        #expect(english.exitCode == 1)
        #expect(english.stderr.contains("retention.archive_days") && english.stderr.contains("number of days"))
    }

    @Test("a closed course's people leave the state, its .bak and journal 90 days after it closed")
    func stateForgetsClosedCourses() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let first = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [Self.now: "2027-04-01T20:00:00Z"])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try scene.state()[course: "10062"]?.registrants.count == 3)
        // The course is over: the run closes it and notes when.
        let closing = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [Self.now: "2027-04-20T20:00:00Z"])
        #expect(closing.exitCode == 0, "\(closing.stdout)\n\(closing.stderr)")
        let closed = try #require(try scene.state()[course: "10062"])
        #expect(closed.phase == .closed && closed.closedAt != nil && closed.registrants.count == 3)
        // 89 days later nothing changes; 91 days later the people are gone from every copy.
        let early = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [Self.now: "2027-07-18T20:00:00Z"])
        #expect(early.exitCode == 0)
        #expect(try scene.state()[course: "10062"]?.registrants.count == 3)
        let late = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [Self.now: "2027-07-20T20:30:00Z"])
        #expect(late.exitCode == 0, "\(late.stdout)\n\(late.stderr)")
        let stub = try #require(try scene.state()[course: "10062"])
        #expect(stub.registrants.isEmpty && stub.host.isEmpty && stub.lastSent == nil)
        #expect(stub.meetingID == closed.meetingID && stub.closedAt == closed.closedAt)
        let store = StateStore(url: scene.stateFile)
        for url in [store.url, store.backupURL] {
            let text = try String(contentsOf: url, encoding: .utf8)
            for address in ["s.miller@example.org", "rita.doro@example.org", "anna.schmidt@example.org", "Miller"] {
                #expect(!text.lowercased().contains(address.lowercased()), "\(address) in \(url.lastPathComponent)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: store.journalURL.path))
        #expect(try scene.report(late).diagnostics.contains { $0.code == "retention.state-forgotten" })
        // The course stays recognised: SEMCO's export still lists it, nothing is created again.
        let after = try await scene.run(
            "sync", ["--keep-drop", "--json"], environment: [Self.now: "2027-07-21T20:30:00Z"])
        #expect(after.exitCode == 0)
        #expect(await scene.meetings().count == 1)
    }
}
