import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// README.md, "Exit codes": config, credentials (and a token), lock and state are checked before
/// the exports are read; a fatal problem is the first and only thing on stderr, with its fix,
/// exit 1, and leaves no lock file or run folder behind where none existed.
@Suite struct FailFastTests {
    /// Every path under a folder, relative to it.
    static func tree(_ folder: URL) -> [String] {
        var paths: [String] = []
        let items = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = items?.nextObject() as? URL {
            paths.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)))
        }
        return paths.sorted()
    }

    @Test(
        "no credentials: only the missing credentials on stderr, nothing on stdout, exit 1, no file left, exports not read"
    )
    func missingCredentials() throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-failfast")
        defer { dir.remove() }
        try FileManager.default.copyItem(
            at: RepositoryFiles.samples.appendingPathComponent("drop"), to: dir.url.appendingPathComponent("drop"))
        let before = Self.tree(dir.url)
        for command in ["sync", "plan"] {
            let result = try CLIRunner.run([command, "--drop", "drop"], in: dir.url)
            #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("Zoom-Zugangsdaten fehlen"))
            #expect(result.stderr.contains("ZOOM_CLIENT_SECRET"), "the fix names what to set")
            #expect(!result.stderr.contains("FEHLER"), "no validation of exports that were not to be read")
            #expect(Self.tree(dir.url) == before, "no runs/, no lock file, no file moved")
        }
    }

    @Test("a bad config: only its problem on stderr, exit 1, nothing left behind")
    func badConfig() throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-failfast")
        defer { dir.remove() }
        try FileManager.default.copyItem(
            at: RepositoryFiles.samples.appendingPathComponent("drop"), to: dir.url.appendingPathComponent("drop"))
        try dir.write("semco-zoom.yaml", "language: de\nrate_plan: galactic\n")
        let before = Self.tree(dir.url)
        let result = try CLIRunner.run(
            ["sync", "--drop", "drop"], in: dir.url,
            environment: ["ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s"])
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr.contains("semco-zoom.yaml") || result.stderr.contains("rate_plan"), "\(result.stderr)")
        #expect(!result.stderr.contains("FEHLER ["))
        #expect(Self.tree(dir.url) == before)
    }

    @Test("a token Zoom refuses: stopped before the lock and the exports, nothing left behind")
    func refusedToken() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        // would be rejected:
        try scene.drop("buchungen_20270301_2200.csv", ["Buchungsnummer;Kursnr;Vorname;Nachname;Status"])
        let before = Self.tree(scene.dir.url)
        let result = try await scene.run(
            "sync", ["--language", "en"], environment: ["ZOOM_CLIENT_SECRET": "wrong-secret"])
        #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("authentication failed") && result.stderr.contains("ZOOM_CLIENT_ID"))
        #expect(Self.tree(scene.dir.url) == before, "no state folder, lock, run folder; the exports not rejected")
    }

    @Test("an unreadable state: stopped before the exports are read, no run folder or lock file, the files stay")
    func unreadableState() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        try scene.dir.write("state/state.json", "not json")
        // Without a lock file (a copied state) and with one (the usual night): nothing new either way.
        for lockFile in [false, true] {
            if lockFile { try scene.dir.write("state/state.json.lock", "") }
            let before = Self.tree(scene.dir.url)
            let result = try await scene.run("sync")
            #expect(result.exitCode == 1, "\(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(Self.tree(scene.dir.url) == before, "no runs/, no lock file, the drop untouched")
        }
    }

    @Test("a mass-cancel refusal is printed first, before the summary")
    func massCancelFirst() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse(bookings: SyncScene.bookings(40))
        #expect(try await scene.run("sync").exitCode == 0)
        try scene.writeGuideCourse(bookings: [], stamp: "20270302_2200")
        // stdout and stderr into one pipe, as a cron mail shows them.
        let (code, merged) = try Self.merged(
            scene.arguments("sync", []), in: scene.dir.url, environment: scene.environment)
        #expect(code == 4, "\(merged)")
        #expect(merged.hasPrefix("Sicherung gegen Massenstornierung"), "\(merged)")
    }

    /// Runs the binary with stdout and stderr into one pipe; the exit code and what came out, in order.
    static func merged(_ args: [String], in directory: URL, environment: [String: String]) throws -> (Int32, String) {
        let process = CLIRunner.makeProcess(args, in: directory, environment: environment)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
