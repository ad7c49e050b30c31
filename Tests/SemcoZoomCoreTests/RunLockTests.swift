import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Run lock")
struct RunLockTests {
    @Test("a second lock on the same file is refused until the first is released")
    func exclusive() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("state.json.lock")
        let first = try RunLock.acquire(url)
        #expect(RunLock.isHeld(url))
        #expect {
            try RunLock.acquire(url)
        } throws: { error in
            guard case .held(let path, let holder) = error as? RunLockError else { return false }
            return path == url.path && holder == String(getpid())
        }
        first.release()
        #expect(!RunLock.isHeld(url))
        let second = try RunLock.acquire(url)
        second.release()
        #expect(FileManager.default.fileExists(atPath: url.path))
    }

    @Test("a lock held by a process that is killed with SIGKILL is released by the OS")
    func killedHolder() async throws {
        let flockTool = "/usr/bin/flock"
        try #require(FileManager.default.isExecutableFile(atPath: flockTool), "util-linux flock(1) is needed for this test")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("state.json.lock")
        let holder = Process()
        // The shell takes the lock on its descriptor 9 and becomes `sleep`: one process holds it.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        // It sleeps far longer than any wait below: on a loaded machine (CI beside other builds)
        // the waits took over 30 s, the holder's old sleep, and the lock was free again too early.
        holder.arguments = ["-c", "exec 9>>\"$0\"; \(flockTool) --exclusive 9 && exec /bin/sleep 600", url.path]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        // Wait until the child holds it: bounded by time, not by a count of sleeps.
        var held = false
        var deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if RunLock.isHeld(url) { held = true; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(held)
        #expect(throws: RunLockError.self) { try RunLock.acquire(url) }
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        var acquired: RunLock?
        deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let lock = try? RunLock.acquire(url) { acquired = lock; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(acquired != nil)
        acquired?.release()
    }
}
