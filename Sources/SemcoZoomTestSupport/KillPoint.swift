import Foundation
import ZoomSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `semco-zoom` run killed with SIGKILL at a served write: the simulator has changed Zoom and
/// holds the answer back while the hook kills the process, so the run can never journal the
/// write. Placed by what it hits (write kind, course, ordinal), not by a count of calls: the same
/// case kills at the same write however the run's concurrent requests interleave.
public enum KillPoint {
    public struct Outcome: Sendable {
        public var result: CLIResult
        /// The kill point was reached and the process killed there.
        public var killed: Bool
    }

    /// Runs `semco-zoom args…` and kills it right after Zoom served the write `match` names.
    /// A run that never makes that write ends by itself (`killed` false).
    public static func run(
        _ args: [String], killAt match: ServedWriteMatch, simulator: ZoomSimulator, in directory: URL? = nil,
        environment: [String: String] = [:]
    ) async throws -> Outcome {
        let target = Target()
        await simulator.onServedWrite(match) { target.fire() }
        let child = try CLIProcess.start(args, in: directory, environment: environment)
        target.set(child.pid)
        let result = await child.wait()
        await simulator.clearWriteHooks()
        return Outcome(result: result, killed: target.fired)
    }

    /// The process to kill, known only once it is started; the hook waits for it.
    final class Target: @unchecked Sendable {
        private let lock = NSCondition()
        private var pid: Int32?
        private var didFire = false

        func set(_ pid: Int32) {
            lock.lock()
            self.pid = pid
            lock.broadcast()
            lock.unlock()
        }

        /// Called on the simulator's connection thread, never on the cooperative pool.
        func fire() {
            lock.lock()
            defer { lock.unlock() }
            while pid == nil { lock.wait() }
            _ = kill(pid!, SIGKILL)
            didFire = true
        }

        var fired: Bool {
            lock.lock()
            defer { lock.unlock() }
            return didFire
        }
    }
}
