import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `semco-zoom` child process started without waiting for it: for tests that act while it
/// runs (a second run against its lock, `kill -9` in the middle of a run).
public final class CLIChild: @unchecked Sendable {
    public let process: Process
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    private let readers = DispatchGroup()

    init(process: Process, out: Pipe, err: Pipe) {
        self.process = process
        read(out) { self.outData = $0 }
        read(err) { self.errData = $0 }
    }

    /// Reads `pipe` to its end on another thread (a full pipe would stall the child) and hands
    /// the bytes to `store` under the lock.
    private func read(_ pipe: Pipe, into store: @escaping @Sendable (Data) -> Void) {
        readers.enter()
        DispatchQueue.global().async { [self] in
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            lock.lock()
            store(data)
            lock.unlock()
            readers.leave()
        }
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// `kill(pid, SIGKILL)`: no chance to clean up, as after a crash or an OOM kill.
    public func killHard() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the child to end (off the cooperative thread pool) and returns what it printed.
    public func wait() async -> CLIResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<CLIResult, Never>) in
            DispatchQueue.global().async { [self] in
                process.waitUntilExit()
                readers.wait()
                lock.lock()
                let result = CLIResult(
                    exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                    stderr: String(decoding: errData, as: UTF8.self))
                lock.unlock()
                continuation.resume(returning: result)
            }
        }
    }
}

public enum CLIProcess {
    /// Starts `semco-zoom args…` like `CLIRunner.run` (clean environment plus `environment`) and returns at once.
    public static func start(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> CLIChild
    {
        let process = CLIRunner.makeProcess(args, in: directory, environment: environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return CLIChild(process: process, out: out, err: err)
    }

    /// Runs `semco-zoom args…` to its end without blocking a thread of Swift's cooperative pool
    /// (an in-process simulator keeps serving meanwhile).
    public static func run(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) async throws
        -> CLIResult
    {
        try await start(args, in: directory, environment: environment).wait()
    }
}
