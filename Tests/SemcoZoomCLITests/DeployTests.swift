import Foundation
import Testing
import SemcoZoomTestSupport

/// The deployment files in deploy/, checked by scripts/check-deploy.sh (systemd-analyze verify
/// and a PyYAML parse of the CronJob with the keys a safe nightly run needs).
@Suite struct DeployTests {
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
        guard onPath("python3"), let result = try? run(["/usr/bin/env", "python3", "-c", "import yaml"]) else { return false }
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

    static func check(deployDirectory: URL? = nil) throws -> Result {
        var environment: [String: String] = [:]
        if let deployDirectory { environment["DEPLOY_DIR"] = deployDirectory.path }
        return try run(["/bin/bash", script.path], environment: environment)
    }

    @Test func deployFilesPassTheirChecks() throws {
        let result = try Self.check()
        // Show what was checked and what was skipped (with the reason) in the test log.
        print(result.output)
        #expect(result.exitCode == 0, "scripts/check-deploy.sh failed:\n\(result.output)")
        #expect(!result.lines.contains { $0.hasPrefix("FAIL") })
        #expect(result.output.contains("OK    semco-zoom@.timer: Persistent=true"))
        if Self.hasPyYAML {
            #expect(result.output.contains("OK    cronjob.yaml: concurrencyPolicy: Forbid"))
        } else {
            #expect(result.output.contains("SKIP  cronjob.yaml: PyYAML is not installed"))
        }
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed (Debian package 'systemd')"))
    func systemdVerifyAcceptsTheUnits() throws {
        let result = try Self.check()
        #expect(result.output.contains("OK    systemd-analyze verify: semco-zoom@.service and semco-zoom@.timer"), "\(result.output)")
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

    @Test func missingHardeningFails() throws {
        let tmp = try Self.brokenCopy("systemd/semco-zoom@.service") {
            $0.replacingOccurrences(of: "NoNewPrivileges=yes\n", with: "")
        }
        defer { tmp.remove() }
        let result = try Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.lines.contains { $0.hasPrefix("FAIL") && $0.contains("NoNewPrivileges=yes") }, "\(result.output)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed (Debian package 'systemd')"))
    func systemdVerifyCatchesAnUnknownSetting() throws {
        let tmp = try Self.brokenCopy("systemd/semco-zoom@.timer") {
            $0.replacingOccurrences(of: "Persistent=true", with: "Persistent=true\nPersistant=true")
        }
        defer { tmp.remove() }
        let result = try Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.output.contains("FAIL  systemd-analyze verify"), "\(result.output)")
        #expect(result.output.contains("Persistant"))
    }

    @Test(.enabled(if: hasPyYAML, "python3 with PyYAML is not installed (Debian package 'python3-yaml')"))
    func unsafeCronJobFails() throws {
        let tmp = try Self.brokenCopy("kubernetes/cronjob.yaml") {
            $0.replacingOccurrences(of: "concurrencyPolicy: Forbid", with: "concurrencyPolicy: Allow")
                .replacingOccurrences(of: "readOnlyRootFilesystem: true", with: "readOnlyRootFilesystem: false")
                .replacingOccurrences(of: "restartPolicy: Never", with: "restartPolicy: OnFailure")
        }
        defer { tmp.remove() }
        let result = try Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        for what in ["concurrencyPolicy: Forbid", "readOnlyRootFilesystem: true", "restartPolicy: Never"] {
            #expect(result.lines.contains { $0.hasPrefix("FAIL") && $0.contains(what) }, "\(what) not reported:\n\(result.output)")
        }
    }

    @Test(.enabled(if: hasPyYAML, "python3 with PyYAML is not installed (Debian package 'python3-yaml')"))
    func malformedYAMLFails() throws {
        let tmp = try Self.brokenCopy("kubernetes/cronjob.yaml") { $0 + "\n  bad: [unclosed\n" }
        defer { tmp.remove() }
        let result = try Self.check(deployDirectory: tmp.url.appendingPathComponent("deploy"))
        #expect(result.exitCode == 1)
        #expect(result.output.contains("FAIL  cronjob.yaml: not valid YAML"), "\(result.output)")
    }
}
