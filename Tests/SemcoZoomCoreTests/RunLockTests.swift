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
        try #require(
            FileManager.default.isExecutableFile(atPath: flockTool), "util-linux flock(1) is needed for this test")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("state.json.lock")
        let holder = Process()
        // The shell takes the lock on its descriptor 9, says so, and becomes `sleep`: one process
        // holds it. The test waits for that line instead of polling against a clock, which a
        // loaded machine (CI beside other builds) outran more than once.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = [
            "-c", "exec 9>>\"$0\"; \(flockTool) --exclusive 9 && echo locked && exec /bin/sleep 600", url.path,
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        // A blocking read off the cooperative pool: "locked", or end of file if the shell failed.
        let said = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: String(decoding: output.fileHandleForReading.availableData, as: UTF8.self))
            }
        }
        #expect(said.hasPrefix("locked"), "the holder did not take the lock: \(said)")
        #expect(RunLock.isHeld(url))
        #expect(throws: RunLockError.self) { try RunLock.acquire(url) }
        kill(holder.processIdentifier, SIGKILL)
        // Reaped: the kernel closed its descriptors, and with them the lock, before that.
        holder.waitUntilExit()
        let acquired = try? RunLock.acquire(url)
        #expect(acquired != nil)
        acquired?.release()
    }
}
