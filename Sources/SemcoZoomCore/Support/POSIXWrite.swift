import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Low-level writes shared by every file the tool makes durable (state, journal, outputs, logs).
enum POSIXWrite {
    /// Writes every byte of `bytes` to `fd`, continuing after short writes and EINTR.
    /// Returns 0, or the errno that stopped it.
    static func all(_ fd: Int32, _ bytes: some ContiguousBytes) -> Int32 {
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32 in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                    let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    let n = Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return 0
        }
    }
}
