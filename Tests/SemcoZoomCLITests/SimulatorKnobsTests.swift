import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

@Suite("--zoom simulator: the benchmark knobs SEMCO_ZOOM_SIMULATOR_RATE_LIMITS / _LATENCY_MS")
struct SimulatorKnobsTests {
    func samples(_ dir: TemporaryDirectory) throws {
        let samples = SharedReference.repositoryRoot.appendingPathComponent("samples")
        try #require(FileManager.default.fileExists(atPath: samples.appendingPathComponent("drop").path))
        try FileManager.default.copyItem(at: samples, to: dir.url.appendingPathComponent("samples"))
    }

    @Test("rate limits off and a latency: the sync runs as usual and a second run finds Zoom in step")
    func knobsOn() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        let env = ["SEMCO_ZOOM_SIMULATOR_RATE_LIMITS": "off", "SEMCO_ZOOM_SIMULATOR_LATENCY_MS": "1"]
        let args = ["sync", "--zoom", "simulator", "--keep-drop", "--drop", "samples/drop", "--json"]
        let first = try await CLIProcess.run(args, in: dir.url, environment: env)
        #expect([0, 3].contains(first.exitCode), "\(first.stdout)\n\(first.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let counts = try #require(summary["counts"] as? [String: Int])
        #expect(counts["failed"] == 0)
        #expect((counts["applied"] ?? 0) > 0)
        // The journal was folded at the end of the run.
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom/state.json.journal").path))
        let plan = try await CLIProcess.run(["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url, environment: env)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
    }

    @Test("a value the knob does not know stops the command before anything is written, naming the variable")
    func badValues() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        for (name, value) in [("SEMCO_ZOOM_SIMULATOR_RATE_LIMITS", "sometimes"), ("SEMCO_ZOOM_SIMULATOR_LATENCY_MS", "-5"),
                              ("SEMCO_ZOOM_SIMULATOR_LATENCY_MS", "fast")] {
            let result = try await CLIProcess.run(["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url,
                                                  environment: [name: value])
            #expect(result.exitCode == 64, "\(name)=\(value): \(result.stdout)\n\(result.stderr)")
            #expect(result.stderr.contains("\(name)=\(value)"))
            #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom").path))
        }
    }

    @Test("without --zoom simulator the knobs are not read")
    func realZoomIgnoresThem() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        let result = try await CLIProcess.run(["plan", "--drop", "samples/drop", "--state", "state.json"], in: dir.url,
                                              environment: ["SEMCO_ZOOM_SIMULATOR_RATE_LIMITS": "sometimes"])
        // No Zoom credentials here: the run stops for that, not for the knob.
        #expect(result.exitCode != 64, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stderr.contains("SEMCO_ZOOM_SIMULATOR_RATE_LIMITS"))
    }
}
