import Foundation

/// The text encoding of one CSV file: UTF-8 when every byte sequence is valid UTF-8,
/// else Windows-1252 (German Excel's legacy "CSV (Trennzeichen-getrennt)").
enum CSVTextEncoding: String, Sendable {
    case utf8
    case windows1252
}

/// Decoding and trimming of field bytes without Foundation.
enum CSVText {
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: CSVTextEncoding) -> String {
        switch encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1252: return Windows1252.decode(bytes)
        }
    }

    /// True when the bytes are empty or only ASCII spaces and tabs (what `.whitespaces`
    /// trimming would empty, for ASCII); nil when a non-ASCII byte leaves it undecided.
    @inline(__always)
    static func isBlankASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        for b in bytes where b != 0x20 && b != 0x09 {
            return b < 0x80 ? false : nil
        }
        return true
    }
}

/// A streaming UTF-8 validator (rejects overlong forms, surrogates, values above U+10FFFF).
struct UTF8Validator {
    private var need = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { need == 0 }

    /// Feeds a whole chunk; false at the first invalid byte. ASCII runs are skipped eight
    /// bytes at a time.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = chunk.count
        guard let base = chunk.baseAddress else { return true }
        var i = 0
        while i < n {
            if need == 0 {
                // Skip ASCII eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                while i < n && base[i] < 0x80 { i += 1 }
                if i == n { return true }
            }
            if !feed(base[i]) { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    mutating func feed(_ byte: UInt8) -> Bool {
        if need == 0 {
            switch byte {
            case 0x00...0x7F: return true
            case 0xC2...0xDF: need = 1
            case 0xE0:
                need = 2
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED:
                need = 2
                upper = 0x9F
            case 0xF0:
                need = 3
                lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4:
                need = 3
                upper = 0x8F
            default: return false
            }
            return true
        }
        guard byte >= lower && byte <= upper else { return false }
        lower = 0x80
        upper = 0xBF
        need -= 1
        return true
    }
}

/// Windows-1252: Latin-1 with printable characters in 0x80–0x9F. The five unassigned
/// bytes map to the same code point, as Windows itself does.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178,
    ]

    static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
