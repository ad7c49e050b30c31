import Foundation
import Testing

@testable import SemcoZoomCore

/// The JSON tokenizer of the state file's course reader (`JSONByteScanner`): the reader's own
/// tests (`StateFileCourseReaderTests`) check it against JSONDecoder; these pin what it declines
/// that JSONDecoder reads, and its strictness in skipped values.
@Suite struct JSONByteScannerTests {
    /// Only `v`, as an integer; JSONDecoder checks but ignores the rest.
    struct Skipped: Decodable { var v: Int64 }

    static func scan<T>(_ json: String, _ read: (inout JSONByteScanner) throws(JSONByteScanner.Declined) -> T) -> T? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { JSONByteScanner.read($0, read) }
    }

    /// Reads `{"v": <value>, "skip": <skipped>}` as an integer and a skipped value.
    static func read(_ json: String) -> Int64? {
        scan(json) { (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) -> Int64 in
            var value: Int64 = 0
            if try s.opens(.object) {
                repeat {
                    let key = try s.fieldName()
                    if JSONByteScanner.equal(key, "v") { value = try s.int64() } else { try s.skipValue() }
                } while try s.continues(.object)
            }
            return value
        }
    }

    static func string(_ json: String) -> String? {
        scan(json) { (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in try s.string() }
    }

    @Test func declinesWhatJSONDecoderReadsButTheEncoderNeverWrites() {
        for json in [
            #"{"v":-0}"#, #"{"v":1,"skip":-0}"#, #"{"v":1,"skip":1.5}"#, #"{"v":1,"skip":[2e3]}"#,
            #"{"v":1,"skip":{"a":99999999999999999999}}"#,
        ] {
            #expect(Self.read(json) == nil, "\(json)")
            // JSONDecoder reads each of them.
            #expect((try? JSONDecoder().decode(Skipped.self, from: Data(json.utf8))) != nil, "\(json)")
        }
        #expect(Self.string(#""a\u0000b""#) == nil)
        #expect((try? JSONDecoder().decode(String.self, from: Data(#""a\u0000b""#.utf8))) == "a\u{0}b")
    }

    @Test func readsPlainIntegersAndDeclinesInvalidNumbers() {
        #expect(Self.read(#"{"v":-9223372036854775808,"skip":[0,-1,{"x":[]}]}"#) == Int64.min)
        #expect(Self.read(#"{"v": 42 }"#) == 42)
        for json in [
            #"{"v":01}"#, #"{"v":1.0}"#, #"{"v":9223372036854775808}"#, #"{"v":1,"skip":01}"#,
            #"{"v":1,"skip":-}"#, #"{"v":1,"skip":1.}"#, #"{"v":1x}"#, #"{"v":+1}"#, #"{"v":1,}"#,
        ] {
            #expect(Self.read(json) == nil, "\(json)")
        }
    }

    @Test func escapesAndSurrogatePairsReadAsJSONDecoderReadsThem() throws {
        for json in [#""\ud83d\ude00\u00e4\/\b\f\n\r\t\"\\""#, #""plain ä 😀""#, #""\u00E4\u00e4""#] {
            #expect(Self.string(json) == (try JSONDecoder().decode(String.self, from: Data(json.utf8))), "\(json)")
        }
        for json in [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\x""#, #""\u12""#, "\"a\tb\"", #""a"#] {
            #expect(Self.string(json) == nil, "\(json)")
        }
    }

    @Test func stringsAreCheckedToBeUTF8WhetherReadOrSkipped() {
        let valid = Array(#"{"v":1,"skip":"ä\u00e4"}"#.utf8)
        let skip = { (bytes: [UInt8]) -> Bool in
            bytes.withUnsafeBufferPointer {
                JSONByteScanner.read($0) { (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
                    try s.skipValue()
                } != nil
            }
        }
        #expect(skip(valid))
        // The second byte of "ä" (0xA4) replaced: invalid UTF-8, in a skipped string and in one read.
        #expect(!skip(valid.map { $0 == 0xA4 ? UInt8(ascii: "x") : $0 }))
        let broken: [UInt8] = [0x22, 0xC3, 0x22]
        #expect(
            broken.withUnsafeBufferPointer {
                JSONByteScanner.read($0) { (s: inout JSONByteScanner) throws(JSONByteScanner.Declined) in
                    try s.string()
                }
            } == nil)
    }

    @Test func nestingDeeperThanTheLimitDeclines() {
        let deep = { (n: Int) in
            #"{"v":1,"skip":"# + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "}"
        }
        #expect(Self.read(deep(JSONByteScanner.maxDepth)) == 1)
        #expect(Self.read(deep(JSONByteScanner.maxDepth + 1)) == nil)
    }
}
