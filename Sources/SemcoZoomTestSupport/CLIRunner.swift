import Foundation

/// Runs the built `semco-zoom` executable as a child process, as cron or an admin would.
public struct CLIResult: Sendable {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
}

public enum CLIRunner {
    /// The `semco-zoom` binary next to the test bundle in the build products folder.
    public static var executableURL: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test binary sits in the products folder; on macOS inside an .xctest bundle.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("semco-zoom")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "semco-zoom")
    }

    /// A `semco-zoom args…` process in `directory` with `environment` added to a clean
    /// environment (PATH, HOME, TMPDIR, LANG only, so a developer's Zoom credentials never leak
    /// into a test), not yet started.
    public static func makeProcess(_ args: [String], in directory: URL?, environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = args
        if let directory { process.currentDirectoryURL = directory }
        var env: [String: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME", "TMPDIR", "LANG"] { if let value = inherited[key] { env[key] = value } }
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }

    /// Runs `semco-zoom args…` in `directory` with `environment` added to a clean environment
    /// (PATH, HOME, TMPDIR only, so a developer's Zoom credentials never leak into a test).
    public static func run(
        _ args: [String], in directory: URL? = nil, environment: [String: String] = [:],
        stdin: Data? = nil
    ) throws -> CLIResult {
        let process = makeProcess(args, in: directory, environment: environment)
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = Pipe()
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(stdin) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        process.waitUntilExit()
        group.wait()
        return CLIResult(
            exitCode: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
