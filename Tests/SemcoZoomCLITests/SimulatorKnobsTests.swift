import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("--zoom simulator: the benchmark knobs SEMCO_ZOOM_SIMULATOR_RATE_LIMITS / _LATENCY_MS")
struct SimulatorKnobsTests {
    func samples(_ dir: TemporaryDirectory) throws {
        let samples = RepositoryFiles.samples
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
        #expect(
            !FileManager.default.fileExists(
                atPath: dir.url.appendingPathComponent(".semco-zoom/state.json.journal").path))
        let plan = try await CLIProcess.run(
            ["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url, environment: env)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
    }

    @Test("a value the knob does not know stops the command before anything is written, naming the variable")
    func badValues() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        for (name, value) in [
            ("SEMCO_ZOOM_SIMULATOR_RATE_LIMITS", "sometimes"), ("SEMCO_ZOOM_SIMULATOR_LATENCY_MS", "-5"),
            ("SEMCO_ZOOM_SIMULATOR_LATENCY_MS", "fast"),
            ("SEMCO_ZOOM_SIMULATOR_URL", "https://api.zoom.us"), ("SEMCO_ZOOM_SIMULATOR_URL", "127.0.0.1"),
        ] {
            let result = try await CLIProcess.run(
                ["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url,
                environment: [name: value])
            #expect(result.exitCode == 64, "\(name)=\(value): \(result.stdout)\n\(result.stderr)")
            #expect(result.stderr.contains("\(name)=\(value)"))
            #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom").path))
        }
    }

    @Test("SEMCO_ZOOM_SIMULATOR_URL: the run uses a simulator in another process and starts none of its own")
    func externalSimulator() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        var configuration = SimulatorConfiguration()
        configuration.autoCreateUsers = true
        configuration.enforceRateLimits = false
        let simulator = try await ZoomSimulator.start(configuration)
        let env = [
            "SEMCO_ZOOM_SIMULATOR_URL": simulator.baseURL.absoluteString, "SEMCO_ZOOM_SIMULATOR_RATE_LIMITS": "off",
        ]
        let first = try await CLIProcess.run(
            ["sync", "--zoom", "simulator", "--keep-drop", "--drop", "samples/drop", "--json"],
            in: dir.url, environment: env)
        let plan = try await CLIProcess.run(
            ["plan", "--zoom", "simulator", "--drop", "samples/drop"], in: dir.url, environment: env)
        let meetings = await simulator.snapshot().meetings.count
        let served = await simulator.servedCalls().count
        await simulator.stop()
        #expect([0, 3].contains(first.exitCode), "\(first.stdout)\n\(first.stderr)")
        #expect(meetings > 0)
        #expect(served > meetings)
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
        // The state is where --zoom simulator keeps it; no simulator data file of its own.
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom/state.json").path))
        #expect(
            !FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".semco-zoom/simulator.json").path))
    }

    @Test("without --zoom simulator the knobs are not read")
    func realZoomIgnoresThem() async throws {
        let dir = try TemporaryDirectory(prefix: "semco-zoom-knobs")
        defer { dir.remove() }
        try samples(dir)
        let result = try await CLIProcess.run(
            ["plan", "--drop", "samples/drop", "--state", "state.json"], in: dir.url,
            environment: ["SEMCO_ZOOM_SIMULATOR_RATE_LIMITS": "sometimes"])
        // No Zoom credentials here: the run stops for that, not for the knob.
        #expect(result.exitCode != 64, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stderr.contains("SEMCO_ZOOM_SIMULATOR_RATE_LIMITS"))
    }
}
