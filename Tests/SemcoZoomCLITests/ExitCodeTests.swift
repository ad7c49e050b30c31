import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// README.md, "Exit codes": one table, shown by `semco-zoom help`, and true for every command.
@Suite struct ExitCodeTests {
    static var samples: URL { RepositoryFiles.samples }

    @Test("`semco-zoom help` shows the one exit code table, 64 included")
    func helpShowsTheTable() throws {
        for args in [["help"], ["--help"]] {
            let result = try CLIRunner.run(args)
            #expect(result.exitCode == 0, "\(result.stderr)")
            for line in [
                "0   done", "1   fatal", "2   plan only", "3   done, but", "4   refused by the mass-cancel guard",
                "64  usage error", "75  another run holds the lock",
            ] {
                #expect(result.stdout.contains(line), "\(args): \(line)\n\(result.stdout)")
            }
        }
    }

    @Test("each command lists in its help only the options that apply to it")
    func helpListsOnlyWhatApplies() throws {
        func help(_ command: String) throws -> String { try CLIRunner.run(["help", command]).stdout }
        let status = try help("status")
        for option in [
            "--keep-drop", "--allow-mass-cancel", "--recreate-deleted", "--out", "--drop", "--quiet", "--verbose",
            "first-sync trigger",
        ] {
            #expect(!status.contains(option), "status: \(option)")
        }
        for option in ["--state", "--zoom", "--course", "--json", "--language", "--config"] {
            #expect(status.contains(option), "status: \(option)")
        }
        let plan = try help("plan")
        #expect(!plan.contains("--keep-drop"))
        #expect(!plan.contains("3 errors in the exports"))
        #expect(plan.contains("0 nothing to change") && plan.contains("2 there are changes") && plan.contains("75"))
        #expect(try help("sync").contains("--keep-drop"))
        let validate = try help("validate")
        for option in ["--quiet", "--verbose", "--state", "--zoom"] {
            #expect(!validate.contains(option), "validate: \(option)")
        }
        #expect(validate.contains("3 accepted with errors"))
        #expect(try help("zoom-csv").contains("--zoom"))
        #expect(try help("doctor").contains("--zoom"))
    }

    @Test("64 for a usage error, in every command")
    func usageErrors() throws {
        let drop = Self.samples.appendingPathComponent("drop").path
        for args in [
            ["sync", "--bogus"], ["plan", "--keep-drop", "--drop", drop], ["status", "--keep-drop"],
            ["status", "--drop", drop],
            ["validate", "--drop", drop, "--quiet"], ["zoom-csv"], ["doctor", "--bogus"], ["sync", "--language", "fr"],
            ["simulator", "--bogus"], ["frobnicate"],
        ] {
            let result = try CLIRunner.run(args)
            #expect(result.exitCode == 64, "\(args): \(result.stdout)\n\(result.stderr)")
        }
    }

    @Test("validate: 0 clean (warnings allowed), 3 with error diagnostics, 1 rejected")
    func validateCodes() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let clean = try await scene.run("validate")
        #expect(clean.exitCode == 0, "\(clean.stdout)\n\(clean.stderr)")
        let errors = try CLIRunner.run(["validate", "--drop", Self.samples.appendingPathComponent("drop").path])
        #expect(errors.exitCode == 3, "\(errors.stdout)\n\(errors.stderr)")
        #expect(errors.stdout.contains("15 Fehler"))
        try scene.drop("buchungen_20270301_2200.csv", ["Buchungsnummer;Kursnr;Vorname;Nachname;Status"])
        let rejected = try await scene.run("validate")
        #expect(rejected.exitCode == 1, "\(rejected.stdout)\n\(rejected.stderr)")
    }

    @Test("plan: 2 with changes, 0 in step (errors in the exports are no 3), 4 the guard would refuse")
    func planCodes() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse(
            bookings: SyncScene.bookings(40) + ["BN27-09999;10062;Frau;Ohne;Adresse;;;Bestätigte Buchung"])
        let pending = try await scene.run("plan")
        #expect(pending.exitCode == 2, "\(pending.stdout)\n\(pending.stderr)")
        let first = try await scene.run("sync", ["--keep-drop"])
        #expect(first.exitCode == 3, "\(first.stdout)\n\(first.stderr)")
        let inStep = try await scene.run("plan")
        #expect(
            inStep.exitCode == 0,
            "the booking without an address is an error in the exports, not a change: \(inStep.stdout)")
        try FileManager.default.removeItem(at: scene.drop)
        try FileManager.default.createDirectory(at: scene.drop, withIntermediateDirectories: true)
        try scene.writeGuideCourse(bookings: [], stamp: "20270302_2200")
        let refused = try await scene.run("plan")
        #expect(refused.exitCode == 4, "\(refused.stdout)\n\(refused.stderr)")
    }

    @Test("plan: 1 without credentials, 75 while a run holds the lock")
    func planFatalAndLocked() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let noCredentials = try await scene.run("plan", [], environment: ["ZOOM_CLIENT_SECRET": ""])
        #expect(noCredentials.exitCode == 1, "\(noCredentials.stdout)\n\(noCredentials.stderr)")
        let lock = try RunLock.acquire(StateStore(url: scene.stateFile).lockURL)
        defer { lock.release() }
        let locked = try await scene.run("plan")
        #expect(locked.exitCode == 75, "\(locked.stdout)\n\(locked.stderr)")
    }

    @Test("zoom-csv takes --zoom simulator like the other commands: its default state, not a usage error")
    func zoomCSVTakesZoom() throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-csv")
        defer { dir.remove() }
        let result = try CLIRunner.run(["zoom-csv", "--zoom", "simulator", "--course", "10050"], in: dir.url)
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains(".semco-zoom/state.json"))
    }
}
