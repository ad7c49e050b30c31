import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into a call instead of the process's end, for work that must
/// clean up before it exits (`doctor --live` deletes its test meetings). The signals stay
/// caught until `stop()`, so a second Ctrl-C during the cleanup does not cut it short.
final class SignalCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var signals: [Int32] = []
    private var first: Int32?

    init(_ signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let isFirst = self.first == nil
                if isFirst { self.first = number }
                self.lock.unlock()
                if isFirst { onSignal(number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    /// Back to the default handling.
    func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        for number in signals { signal(number, SIG_DFL) }
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(number)"
        }
    }
}

/// A cancel action that may be requested before it is known (a signal before the task exists).
final class CancellableBox: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?
    private var requested = false

    func set(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        self.action = action
        let now = requested
        lock.unlock()
        if now { action() }
    }

    func cancel() {
        lock.lock()
        requested = true
        let action = self.action
        lock.unlock()
        action?()
    }
}
