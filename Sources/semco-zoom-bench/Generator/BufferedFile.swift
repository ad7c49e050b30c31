#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C `write(2)`, out of reach of `BufferedFile.write` inside the class.
fileprivate func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

struct FileWriteError: Error, CustomStringConvertible {
    var path: String
    var operation: String
    var code: Int32
    var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// A file written through a 1 MiB buffer: records stream to disk instead of piling up in
/// one giant String. Created owner-only (0600) under `<name>.part` and renamed into place on
/// `finish()`, so a drop directory never shows a half-written export (the reader ignores
/// `.part` files).
final class BufferedFile {
    let path: String
    private let partPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        partPath = path + ".part"
        descriptor = open(partPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw FileWriteError(path: partPath, operation: "create", code: errno) }
        buffer.reserveCapacity(capacity + 4096)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(partPath)
        }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: partPath, operation: "write", code: errno)
            }
            offset += written
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file into place.
    func finish() throws {
        try flush()
        guard close(descriptor) == 0 else { throw FileWriteError(path: partPath, operation: "close", code: errno) }
        descriptor = -1
        guard rename(partPath, path) == 0 else {
            throw FileWriteError(path: path, operation: "rename into", code: errno)
        }
    }
}
