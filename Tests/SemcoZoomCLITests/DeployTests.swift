import Foundation
import SemcoZoomTestSupport
import Testing

/// The deployment files in deploy/ and the Containerfile, checked by scripts/check-deploy.sh
/// (systemd-analyze verify, a PyYAML parse of the CronJob with the keys a safe nightly run needs,
/// the service's and the CronJob's command lines against the built binary, the Containerfile's
/// stages). The slow part, `--image` (a static release build and its `ldd`), is not run here.
/// Serialized, and each script run waits off Swift's cooperative pool: a check takes seconds
/// (systemd-analyze, python, the binary), and blocking the pool's few threads (two on the build
/// machine) with it stalled the end-to-end tests that poll a running child process.
@Suite(.serialized) struct DeployTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("scripts/check-deploy.sh")

    static func onPath(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }

    static let hasSystemdAnalyze = onPath("systemd-analyze")
    static let hasPyYAML: Bool = {
        guard onPath("python3"), let result = try? run(["/usr/bin/env", "python3", "-c", "import yaml"]) else {
            return false
        }
        return result.exitCode == 0
    }()

    struct Result {
        var exitCode: Int32
        var output: String
        var lines: [Substring] { output.split(separator: "\n") }
    }

    static func run(_ command: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `run`, waited for on a Dispatch thread instead of a thread of the cooperative pool.
    static func runOffPool(_ command: [String], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result<DeployTests.Result, any Error> { try run(command, environment: environment) })
            }
        }
    }

    static func check(deployDirectory: URL? = nil, containerfile: URL? = nil) async throws -> Result {
        // The binary these tests run: the command lines are checked against it, never skipped.
        var environment = ["SEMCO_ZOOM_BIN": CLIRunner.executableURL.path]
        if let deployDirectory { environment["DEPLOY_DIR"] = deployDirectory.path }
        if let containerfile { environment["CONTAINERFILE"] = containerfile.path }
        return try await runOffPool(["/bin/bash", script.path], environment: environment)
    }

    @Test func deployFilesPassTheirChecks() async throws {
        let result = try await Self.check()
        // Show what was checked and what was skipped (with the reason) in the test log.
        print(result.output)
        #expect(result.exitCode == 0, "scripts/check-deploy.sh failed:\n\(result.output)")
        #expect(!result.lines.contains { $0.hasPrefix("FAIL") })
        #expect(result.output.contains("OK    semco-zoom@.timer: Persistent=true"))
        #expect(
            result.output.contains("OK    semco-zoom@.service: the binary accepts ExecStart=: semco-zoom sync --drop"))
        #expect(result.output.contains("--metrics-file /var/lib/prometheus/node-exporter/semco-zoom-%i.prom"))
        #expect(result.output.contains("OK    Containerfile: swift build -c release --static-swift-stdlib"))
        #expect(result.output.contains("OK    Containerfile: USER 10001 is the CronJob's runAsUser 10001"))
        if Self.hasPyYAML {
            #expect(result.output.contains("OK    cronjob.yaml: concurrencyPolicy: Forbid"))
            #expect(
                result.output.contains(
                    "OK    cronjob.yaml: the binary accepts the args: semco-zoom sync --drop /data/drop"))
            #expect(
                result.output.contains(
                    "OK    cronjob.yaml: --metrics-file /data/state/semco-zoom.prom is on a writable mount"))
        } else {
            #expect(result.output.contains("SKIP  cronjob.yaml: PyYAML is not installed"))
        }
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed (Debian package 'systemd')"))
    func systemdVerifyAcceptsTheUnits() async throws {
        let result = try await Self.check()
        #expect(
            result.output.contains("OK    systemd-analyze verify: semco-zoom@.service and semco-zoom@.timer"),
            "\(result.output)")
    }

    /// A copy of deploy/ with `edit` applied to one file.
    static func brokenCopy(_ file: String, _ edit: (String) -> String) throws -> TemporaryDirectory {
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-deploy")
        let copy = tmp.url.appendingPathComponent("deploy")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("deploy"), to: copy)
        let target = copy.appendingPathComponent(file)
        let text = try String(contentsOf: target, encoding: .utf8)
        let edited = edit(text)
        #expect(edited != text, "the edit of \(file) changed nothing")
        try edited.write(to: target, atomically: true, encoding: .utf8)
        return tmp
    }

    @Test func missingHardeningFails() async throws {
        let tmp = try Self.brokenCopy("systemd/semco-zoom@.service") {
            $0.replacingOccurrences(of: "NoNewPrivileges=yes\n", with: "")
        }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(
            result.lines.contains { $0.hasPrefix("FAIL") && $0.contains("NoNewPrivileges=yes") }, "\(result.output)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed (Debian package 'systemd')"))
    func systemdVerifyCatchesAnUnknownSetting() async throws {
        let tmp = try Self.brokenCopy("systemd/semco-zoom@.timer") {
            $0.replacingOccurrences(of: "Persistent=true", with: "Persistent=true\nPersistant=true")
        }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.output.contains("FAIL  systemd-analyze verify"), "\(result.output)")
        #expect(result.output.contains("Persistant"))
    }

    @Test(.enabled(if: hasPyYAML, "python3 with PyYAML is not installed (Debian package 'python3-yaml')"))
    func unsafeCronJobFails() async throws {
        let tmp = try Self.brokenCopy("kubernetes/cronjob.yaml") {
            $0.replacingOccurrences(of: "concurrencyPolicy: Forbid", with: "concurrencyPolicy: Allow")
                .replacingOccurrences(of: "readOnlyRootFilesystem: true", with: "readOnlyRootFilesystem: false")
                .replacingOccurrences(of: "restartPolicy: Never", with: "restartPolicy: OnFailure")
        }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        for what in ["concurrencyPolicy: Forbid", "readOnlyRootFilesystem: true", "restartPolicy: Never"] {
            #expect(
                result.lines.contains { $0.hasPrefix("FAIL") && $0.contains(what) },
                "\(what) not reported:\n\(result.output)")
        }
    }

    @Test(.enabled(if: hasPyYAML, "python3 with PyYAML is not installed (Debian package 'python3-yaml')"))
    func malformedYAMLFails() async throws {
        let tmp = try Self.brokenCopy("kubernetes/cronjob.yaml") { $0 + "\n  bad: [unclosed\n" }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.output.contains("FAIL  cronjob.yaml: not valid YAML"), "\(result.output)")
    }

    @Test func serviceCommandLineTheBinaryRefusesFails() async throws {
        let tmp = try Self.brokenCopy("systemd/semco-zoom@.service") {
            $0.replacingOccurrences(of: "--metrics-file /var", with: "--metric-file /var")
        }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.output.contains("FAIL  semco-zoom@.service: the binary refuses ExecStart="), "\(result.output)")
        #expect(result.output.contains("sync: unknown argument --metric-file"))
    }

    @Test(.enabled(if: hasPyYAML, "python3 with PyYAML is not installed (Debian package 'python3-yaml')"))
    func cronJobArgsTheBinaryRefusesFail() async throws {
        let tmp = try Self.brokenCopy("kubernetes/cronjob.yaml") {
            $0.replacingOccurrences(of: "                - --state\n", with: "                - --stat\n")
        }
        defer { tmp.remove() }
        let result = try await Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(
            result.lines.contains { $0.hasPrefix("FAIL  cronjob.yaml: the binary accepts the args") },
            "\(result.output)")
        #expect(result.output.contains("sync: unknown argument --stat"))
    }

    @Test func containerfileAsRootOrWithoutStaticStdlibFails() async throws {
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-containerfile")
        defer { tmp.remove() }
        let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Containerfile"), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "USER 10001:10001", with: "USER root")
            .replacingOccurrences(
                of: "RUN swift build -c release --static-swift-stdlib --product semco-zoom",
                with: "RUN swift build -c release --product semco-zoom"
            )
            .replacingOccurrences(of: "libcurl4 libxml2 ca-certificates", with: "libcurl4-openssl-dev libxml2")
        #expect(broken != text)
        let file = try tmp.write("Containerfile", broken)
        let result = try await Self.check(containerfile: file)
        #expect(result.exitCode == 1)
        for what in [
            "runs as a non-root user (root)", "--static-swift-stdlib", "runtime installs no -dev package",
            "runtime installs ca-certificates",
        ] {
            #expect(
                result.lines.contains { $0.hasPrefix("FAIL  Containerfile:") && $0.contains(what) },
                "\(what) not reported:\n\(result.output)")
        }
    }
}
