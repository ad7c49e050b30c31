import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

@Suite("sync --zoom simulator on samples/drop (the README demo)")
struct SyncSimulatorDemoTests {
    func contents(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                result[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
            }
        }
        return result
    }

    @Test(
        "works from a copy of the repository layout, keeps everything under .semco-zoom/ (the simulator beside the state) and leaves samples/ as it was"
    )
    func demo() async throws {
        let samples = RepositoryFiles.samples
        try #require(FileManager.default.fileExists(atPath: samples.appendingPathComponent("drop").path))
        let dir = try TemporaryDirectory(prefix: "semco-zoom-demo")
        defer { dir.remove() }
        try FileManager.default.copyItem(at: samples, to: dir.url.appendingPathComponent("samples"))
        let before = try contents(dir.url.appendingPathComponent("samples"))

        let args = ["sync", "--zoom", "simulator", "--keep-drop", "--drop", "samples/drop", "--json"]
        let first = try await CLIProcess.run(args, in: dir.url)
        // The samples hold every kind of bad record on purpose: error diagnostics → 3, but nothing failed in Zoom.
        #expect([0, 3].contains(first.exitCode), "\(first.stdout)\n\(first.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let counts = try #require(summary["counts"] as? [String: Int])
        #expect(counts["failed"] == 0)
        #expect((counts["applied"] ?? 0) > 0)
        let state = try StateStore(url: dir.url.appendingPathComponent(".semco-zoom/state.json")).load()
        #expect(state.existed)
        #expect(!state.state.courses.isEmpty)
        #expect(
            FileManager.default.fileExists(
                atPath: dir.url.appendingPathComponent(".semco-zoom/state.json.simulator/simulator.json").path))
        #expect(try contents(dir.url.appendingPathComponent("samples")) == before)
        let top = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(top == [".semco-zoom", "samples"])

        // The simulator's data persisted: a second run finds everything in place.
        let second = try await CLIProcess.run(args, in: dir.url)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let secondCounts = try #require(again["counts"] as? [String: Int])
        #expect(secondCounts["applied"] == 0, "\(second.stdout)")
        #expect(secondCounts["failed"] == 0)
        #expect(try contents(dir.url.appendingPathComponent("samples")) == before)

        // In step: `plan` exits 0 although the samples' error diagnostics are still there
        // (they are in the report; 2 is only for pending changes).
        let plan = try await CLIProcess.run(["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
    }

    @Test("the simulator's data lives beside the state: the same --state means the same Zoom from any folder")
    func simulatorBesideTheState() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-demo")
        defer { dir.remove() }
        try FileManager.default.copyItem(at: RepositoryFiles.samples, to: dir.url.appendingPathComponent("samples"))
        let state = dir.url.appendingPathComponent("night/state.json").path
        let drop = dir.url.appendingPathComponent("samples/drop").path
        let first = try await CLIProcess.run(
            ["sync", "--zoom", "simulator", "--keep-drop", "--drop", drop, "--state", state], in: dir.url)
        #expect([0, 3].contains(first.exitCode), "\(first.stdout)\n\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: state + ".simulator/simulator.json"))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom").path))

        let elsewhere = dir.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let plan = try await CLIProcess.run(
            ["plan", "--zoom", "simulator", "--drop", drop, "--state", state, "--json"], in: elsewhere)
        #expect(plan.exitCode == 0, "in step, nothing taken for deleted in Zoom: \(plan.stdout)\n\(plan.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".semco-zoom").path))
    }
}
