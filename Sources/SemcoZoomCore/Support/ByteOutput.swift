import Foundation

/// A plain byte writer: a small buffer that goes to a file whenever it fills up (see
/// `OwnerOnlyFiles.write(to:_:)`), or, without a file, everything kept in memory (tests,
/// `ReportHTML.render`). The report files go through it, so a run's report of half a million
/// actions is written with one buffer's worth of memory instead of a whole copy of the file.
/// It knows no format: JSON is JSONEncoder's (`report.json`, ReportJSON.swift), HTML escaping
/// is ReportHTML's.
///
/// A failed write is remembered (`errorCode`) and makes later writes no-ops; the owner of the
/// file checks it once at the end.
struct ByteOutput {
    /// Bytes not yet written (all of them in memory mode).
    private(set) var bytes: [UInt8]
    private let fd: Int32?
    private let capacity: Int
    /// The errno of the first failed write, 0 while none failed.
    private(set) var errorCode: Int32 = 0

    /// Collects everything in memory.
    init() {
        fd = nil
        capacity = .max
        bytes = []
    }

    /// Writes to `fd` in chunks of about `capacity` bytes. The caller owns the descriptor.
    init(fd: Int32, capacity: Int = 1 << 16) {
        self.fd = fd
        self.capacity = capacity
        bytes = []
        bytes.reserveCapacity(capacity + 1024)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
        if bytes.count >= capacity { flush() }
    }

    /// Appends ASCII text that is part of the format (markup, punctuation, keys).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        if bytes.count >= capacity { flush() }
    }

    /// Appends text as UTF-8, unchanged.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
        if bytes.count >= capacity { flush() }
    }

    /// Appends raw bytes; a block larger than the buffer goes to the file directly.
    mutating func append(bytes other: UnsafeRawBufferPointer) {
        if let fd, other.count >= capacity {
            flush()
            if errorCode == 0 { errorCode = POSIXWrite.all(fd, other) }
            return
        }
        bytes.append(contentsOf: other)
        if bytes.count >= capacity { flush() }
    }

    /// Appends an integer in decimal.
    mutating func append<I: BinaryInteger>(decimal value: I) {
        append(String(value))
    }

    /// Writes the buffered bytes to the file (nothing in memory mode).
    mutating func flush() {
        guard let fd, !bytes.isEmpty else { return }
        if errorCode == 0 {
            errorCode = POSIXWrite.all(fd, bytes)
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Memory mode: the text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension ByteOutput {
    /// Appends `text`'s UTF-8 with each byte that `isSpecial` picks out written by `escape`
    /// instead; the runs between them are copied as they are. The escapers below pick ASCII
    /// bytes only, so scanning bytes never splits a character.
    @inline(__always)
    mutating func append(
        _ text: String, escaping isSpecial: (UInt8) -> Bool, as escape: (inout ByteOutput, UInt8) -> Void
    ) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var runStart = 0
            for index in 0..<utf8.count where isSpecial(utf8[index]) {
                if index > runStart {
                    append(bytes: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                }
                escape(&self, utf8[index])
                runStart = index + 1
            }
            if utf8.count > runStart {
                append(bytes: UnsafeRawBufferPointer(start: base + runStart, count: utf8.count - runStart))
            }
        }
    }
}
